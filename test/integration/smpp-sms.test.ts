import request from 'supertest';
import { callerKey } from '../../src/domain/privacy/caller-key';
import { METRICS_TOKEN, SHORT_CODE, startSmppService, type SmppService } from '../helpers/smpp-service';

let svc: SmppService;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  svc = await startSmppService({ SMPP_TPS: '20' });
});
afterAll(async () => {
  await svc.close();
});

const to = (digits: string) => svc.smsc.submitted.filter((s) => s.pdu.destination_addr === digits);

describe('SMS over SMPP (the whole service against a local SMSC)', () => {
  it('when bound, then /readyz and /metrics show the bind up', async () => {
    const ready = await request(svc.url).get('/readyz');
    expect(ready.body.checks).toMatchObject({ smpp: 'up' });
    const metrics = await request(svc.url).get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`);
    expect(metrics.text).toMatch(/^tanga_smpp_bound 1$/m);
    expect(metrics.text).toMatch(/^tanga_smpp_link_changes_total\{outcome="bound"\} 1$/m);
  });

  it('when a person sends AIDE, then exactly one reply goes out, and the same deliver_sm twice still one', async () => {
    const phone = '22370333001';
    const mo = {
      source_addr_ton: 1,
      source_addr_npi: 1,
      source_addr: phone,
      destination_addr: SHORT_CODE,
      short_message: 'AIDE',
    };
    expect(await svc.smsc.deliver(mo)).toBe(0);
    expect(await svc.smsc.deliver(mo)).toBe(0);
    await svc.smsc.waitFor(() => to(phone).length >= 1, 5000, 'the reply');
    await sleep(800);
    const replies = to(phone);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.pdu).toMatchObject({
      source_addr: SHORT_CODE,
      dest_addr_ton: 1,
      dest_addr_npi: 1,
      registered_delivery: 1,
    });
    expect(replies[0]!.text.length).toBeGreaterThan(10);
  });

  it('when the SMSC sends a receipt, then the SMS log has the delivery like AT’s callback writes it', async () => {
    const phone = '22370333002';
    await svc.smsc.sendSms(phone, SHORT_CODE, 'AIDE');
    await svc.smsc.waitFor(() => to(phone).length === 1, 5000, 'the reply');
    const { messageId } = to(phone)[0]!;
    const { store } = svc.running.runtime;
    for (let i = 0; i < 50; i++) {
      if ((await store.smsLog.find(messageId))?.status === 'Success') break;
      await sleep(50);
    }
    expect(await store.smsLog.find(messageId)).toMatchObject({
      messageId,
      status: 'Success',
      failureReason: null,
    });
    expect(await svc.smsc.receipt(messageId, phone, 'UNDELIV')).toBe(0);
    expect(await store.smsLog.find(messageId)).toMatchObject({ status: 'Failed', failureReason: 'UNDELIV' });
  });

  it('when a person sends STOP, then the confirmation goes and nothing more is sent to that number', async () => {
    const phone = '22370333003';
    await svc.smsc.sendSms(phone, SHORT_CODE, 'STOP');
    await svc.smsc.waitFor(() => to(phone).length === 1, 5000, 'the STOP confirmation');
    await svc.smsc.sendSms(phone, SHORT_CODE, 'AIDE');
    const { smsSender } = svc.running.runtime;
    await smsSender.send({
      e164: `+${phone}`,
      dedupeKey: `test-after-stop-${phone}`,
      callerKey: callerKey(svc.running.runtime.config.PEPPER, `+${phone}`),
      text: 'Conseil de la semaine',
      locale: 'fr',
      kind: 'tip',
      timing: 'now',
    });
    await sleep(1500);
    expect(to(phone)).toHaveLength(1);
  });

  it('when a 200-character Bambara SMS is sent, then it goes as a concatenated UCS-2 message', async () => {
    const phone = '22370333004';
    const text = 'Ɲɛnajɛ ka ɲi. '.repeat(15).slice(0, 200);
    expect([...text]).toHaveLength(200);
    await svc.running.runtime.smsSender.send({
      e164: `+${phone}`,
      dedupeKey: `test-bm-${phone}`,
      callerKey: callerKey(svc.running.runtime.config.PEPPER, `+${phone}`),
      text,
      locale: 'bm',
      kind: 'reply',
      timing: 'now',
    });
    await svc.smsc.waitFor(() => to(phone).length === 3, 5000, 'three parts');
    const parts = to(phone);
    expect(parts.map((p) => p.pdu.data_coding)).toEqual([8, 8, 8]);
    expect(parts.every((p) => (Number(p.pdu.esm_class) & 0x40) !== 0)).toBe(true);
    const ref = parts[0]!.part!.ref;
    expect(parts.map((p) => p.part)).toEqual([1, 2, 3].map((seq) => ({ ref, seq, total: 3 })));
    expect(parts.map((p) => p.text).join('')).toBe(text);
  });

  it('when the SMSC answers "throttled", then the messages are delayed, none lost, and the rate never exceeds SMPP_TPS', async () => {
    const phones = Array.from({ length: 60 }, (_, i) => `2237044${String(i).padStart(4, '0')}`);
    svc.smsc.failNextSubmits(0x58, 3);
    const start = svc.smsc.submitted.length;
    await Promise.all(
      phones.map((phone) =>
        svc.running.runtime.smsSender.send({
          e164: `+${phone}`,
          dedupeKey: `test-rate-${phone}`,
          callerKey: callerKey(svc.running.runtime.config.PEPPER, `+${phone}`),
          text: 'Message de test',
          locale: 'fr',
          kind: 'reply',
          timing: 'now',
        }),
      ),
    );
    await svc.smsc.waitFor(() => svc.smsc.submitted.length - start >= 60, 15_000, 'sixty messages');
    const sent = svc.smsc.submitted.slice(start);
    expect(new Set(sent.map((s) => s.pdu.destination_addr))).toEqual(new Set(phones));
    let peak = 0;
    for (const s of sent)
      peak = Math.max(peak, sent.filter((o) => o.at >= s.at && o.at < s.at + 1000).length);
    expect(peak).toBeLessThanOrEqual(20);
  });

  it('when the service stops (SIGTERM path), then it unbinds from the SMSC', async () => {
    expect(svc.smsc.unbinds).toBe(0);
    await svc.stopService();
    expect(svc.smsc.unbinds).toBe(1);
  });
});
