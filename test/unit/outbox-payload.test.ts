import { decodeOutboxText, encodeOutboxText } from '../../src/domain/sms/outbox-payload';

describe('outbox payload', () => {
  it('when a job is kept in the outbox, then its kind, locale, text and STOP flag come back', () => {
    const job = {
      kind: 'reply' as const,
      locale: 'bm' as const,
      text: 'I ni ce {x} *123#',
      ignoreSuppression: true,
    };
    expect(decodeOutboxText(encodeOutboxText(job))).toEqual(job);
    const plain = { kind: 'tip' as const, locale: 'fr' as const, text: 'Conseil' };
    expect(decodeOutboxText(encodeOutboxText(plain))).toEqual(plain);
  });

  it('when the stored text is not an envelope, then it drains as a French system message', () => {
    expect(decodeOutboxText('just text')).toEqual({ kind: 'system', locale: 'fr', text: 'just text' });
    expect(decodeOutboxText('{"v":1,"kind":"bogus","locale":"fr","text":"x"}')).toMatchObject({
      kind: 'system',
    });
  });
});
