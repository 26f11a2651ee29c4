import { PDU } from 'smpp';
import { classifySubmit, sourceAddressing } from '../../src/adapters/smpp/smpp-sms.gateway';
import { isReceipt, parseReceipt } from '../../src/adapters/smpp/smpp-receipt';
import { smsParts } from '../../src/domain/sms/sms-parts';
import { smsSegments } from '../../src/domain/flow/gsm';
import { createSmppDeliverHandler } from '../../src/adapters/smpp/smpp-deliver';
import { createLogger } from '../../src/logger';

/** A PDU as it arrives: encoded, then decoded by the package. */
const roundTrip = (command: string, fields: Record<string, unknown>): PDU =>
  new PDU(new PDU(command, fields).toBuffer());

describe('SMPP receipts', () => {
  it('reads the id:… stat:… text, mapped to AT’s status words', () => {
    const pdu = roundTrip('deliver_sm', {
      esm_class: 0x04,
      short_message:
        'id:abc123 sub:001 dlvrd:000 submit date:2612031200 done date:2612031201 stat:UNDELIV err:069 text:',
    });
    expect(isReceipt(pdu)).toBe(true);
    expect(parseReceipt(pdu)).toEqual({
      messageId: 'abc123',
      status: 'Failed',
      failureReason: 'UNDELIV:069',
    });
  });

  it('prefers the receipted_message_id and message_state TLVs', () => {
    const pdu = roundTrip('deliver_sm', {
      esm_class: 0x04,
      short_message: '',
      receipted_message_id: 'm-9',
      message_state: 2,
    });
    expect(parseReceipt(pdu)).toEqual({ messageId: 'm-9', status: 'Success', failureReason: null });
  });

  it('does not take a person’s SMS for a receipt', () => {
    expect(isReceipt(roundTrip('deliver_sm', { esm_class: 0, short_message: 'id:1 stat:DELIVRD' }))).toBe(
      false,
    );
  });
});

describe('SMPP submit outcomes', () => {
  it('maps throttling and a full queue to transient, an invalid destination to permanent, silence to transient', () => {
    expect(classifySubmit({ status: 0, messageId: 'x' })).toBeNull();
    expect(classifySubmit({ status: 0x58, messageId: null })).toMatchObject({
      outcome: 'transient',
      reason: 'throttled',
    });
    expect(classifySubmit({ status: 0x14, messageId: null })).toMatchObject({
      outcome: 'transient',
      reason: 'queue_full',
    });
    expect(classifySubmit({ status: 0x0b, messageId: null })).toMatchObject({
      outcome: 'permanent',
      statusCode: 0x0b,
    });
    expect(classifySubmit({ status: null, reason: 'timeout' })).toMatchObject({
      outcome: 'transient',
      reason: 'timeout',
    });
  });

  it('addresses a name, a short code and a full number as the SMSC expects', () => {
    expect(sourceAddressing('TANGA')).toEqual({ ton: 5, npi: 0 });
    expect(sourceAddressing('36123')).toEqual({ ton: 3, npi: 0 });
    expect(sourceAddressing('22370000000')).toEqual({ ton: 1, npi: 1 });
  });
});

describe('smsParts', () => {
  it.each([
    ['a'.repeat(160)],
    ['a'.repeat(161)],
    ['{'.repeat(100)],
    ['ɛ'.repeat(70)],
    ['Ɲɛnajɛ ka ɲi. '.repeat(15).slice(0, 200)],
    ['😀'.repeat(40)],
  ])('splits into as many parts as smsSegments counts, losing nothing (%#)', (text) => {
    const { parts, encoding } = smsParts(text);
    expect(parts.join('')).toBe(text);
    expect(parts).toHaveLength(smsSegments(text).segments);
    expect(encoding).toBe(smsSegments(text).encoding);
  });
});

describe('deliver_sm sorting', () => {
  const logger = createLogger({ level: 'silent' });

  it('when no inbound handling is wired (a worker process), then a person’s SMS and USSD are refused for later, receipts recorded', async () => {
    const receipts: string[] = [];
    const handle = createSmppDeliverHandler({
      recordReceipt: (id) => Promise.resolve(receipts.push(id) > 0),
      logger,
    });
    expect(await handle(roundTrip('deliver_sm', { source_addr: '22370000001', short_message: 'AIDE' }))).toBe(
      0x64,
    );
    expect(
      await handle(
        roundTrip('deliver_sm', { source_addr: '22370000001', short_message: '*123#', ussd_service_op: 1 }),
      ),
    ).toBe(0x64);
    expect(
      await handle(roundTrip('deliver_sm', { esm_class: 4, short_message: 'id:m1 stat:DELIVRD err:000' })),
    ).toBe(0);
    expect(receipts).toEqual(['m1']);
  });

  it('when the same SMS comes twice, then both carry the same message id; one still being handled is refused for later', async () => {
    const ids: string[] = [];
    let outcome: 'taken' | 'later' = 'taken';
    const handle = createSmppDeliverHandler({
      recordReceipt: () => Promise.resolve(true),
      handleSms: (sms) => Promise.resolve((ids.push(sms.messageId), outcome)),
      logger,
    });
    const pdu = { source_addr: '22370000002', destination_addr: '36123', short_message: 'STOP' };
    expect(await handle(roundTrip('deliver_sm', pdu))).toBe(0);
    outcome = 'later';
    expect(await handle(roundTrip('deliver_sm', pdu))).toBe(0x64);
    expect(new Set(ids).size).toBe(1);
  });
});

describe('a long SMS from a person', () => {
  it('when its parts arrive out of order and one twice, then it is handled once, whole', async () => {
    const handled: string[] = [];
    const handle = createSmppDeliverHandler({
      recordReceipt: () => Promise.resolve(true),
      handleSms: (sms) => Promise.resolve((handled.push(sms.text), 'taken' as const)),
      logger: createLogger({ level: 'silent' }),
    });
    const part = (seq: number, message: string) =>
      roundTrip('deliver_sm', {
        source_addr: '22370000003',
        destination_addr: '36123',
        data_coding: 8,
        short_message: { udh: Buffer.from([0x05, 0x00, 0x03, 0x2a, 3, seq]), message },
      });
    expect(await handle(part(2, 'ɲɛ '))).toBe(0);
    expect(await handle(part(1, 'SIGNALER a '))).toBe(0);
    expect(await handle(part(1, 'SIGNALER a '))).toBe(0);
    expect(handled).toEqual([]);
    expect(await handle(part(3, 'bɛ'))).toBe(0);
    expect(handled).toEqual(['SIGNALER a ɲɛ bɛ']);
  });
});
