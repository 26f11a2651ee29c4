import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger';

/** A logger writing JSON lines into memory, at the level used in production. */
function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  return { logger: createLogger({ level: 'info', destination }), text: () => lines.join('') };
}

const NUMBERS = [
  '+22370123456',
  '22370123456',
  '70123456',
  '70 12 34 56',
  '+223 70 12 34 56',
  '0022370123456',
];

describe('logger redaction', () => {
  it('when a number, a text, a body or a credential is logged under any usual key, then it never reaches the log', () => {
    const { logger, text } = capture();
    logger.info(
      {
        phoneNumber: '+22370123456',
        to: '+22370123456',
        from: '+22370123456',
        text: '1*4*il me menace',
        description: 'il me menace tous les jours',
        body: { phoneNumber: '+22370123456' },
        password: 'hunter2hunter2',
        req: {
          headers: { authorization: 'Bearer s3cr3t', cookie: 'tanga_session=abc' },
          body: { text: 'x' },
        },
        nested: { phone: '+22370123456', message: 'Ton code est 12345678' },
      },
      'hop',
    );
    const out = text();
    expect(out).toContain('[redacted]');
    for (const n of NUMBERS) expect(out).not.toContain(n);
    for (const secret of ['il me menace', 'hunter2', 's3cr3t', 'tanga_session=abc', 'Ton code']) {
      expect(out).not.toContain(secret);
    }
  });

  it('when a number slips into a message or an error, then it is masked', () => {
    const { logger, text } = capture();
    for (const n of NUMBERS) logger.warn(`could not send to ${n}`);
    logger.error({ err: new Error('AT refused +22370123456: blacklisted') }, 'send failed');
    const out = text();
    for (const n of NUMBERS) expect(out).not.toContain(n);
    expect(out).toContain('could not send to [number]');
    expect(out).toContain('AT refused [number]');
  });

  it('when ordinary values are logged, then they are kept (redaction is not blanket)', () => {
    const { logger, text } = capture();
    logger.info({ jobId: 'sms|followup|abc', status: 'Sent', count: 3 }, 'sent');
    expect(text()).toContain('"jobId":"sms|followup|abc"');
    expect(text()).toContain('"count":3');
  });
});
