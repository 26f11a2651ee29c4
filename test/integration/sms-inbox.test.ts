/*
 * People's SMS kept in the store's inbox (hardening finding 7, "better still"): written before the gateway's
 * acknowledgement, removed once handled, drained when handling could not finish. Real Redis and SQLite,
 * AT's callback over HTTP.
 */
import express from 'express';
import request from 'supertest';
import { errorHandler } from '../../src/adapters/http/error-handler';
import { jobIdFor } from '../../src/adapters/queue/queues';
import { wireInboundSms, wireSmsCallbacks, wireSmsSender } from '../../src/composition/phone-wiring';
import type { SmsCallbacksWiring } from '../../src/composition/phone-wiring';
import { callerKey } from '../../src/domain/privacy/caller-key';
import type { InboundSmsReceiver } from '../../src/phone/sms-inbound.receiver';
import { drainInbox } from '../../src/phone/sms-inbox.drainer';
import { createSmsTestEnv, testTemplates, type SmsTestEnv } from '../helpers/sms-test-env';

const FROM = '+22370123499';
let env: SmsTestEnv;
let app: express.Express;
let receiver: InboundSmsReceiver;
let nextId = 0;

beforeAll(async () => {
  env = await createSmsTestEnv('sms-inbox');
  const sender = wireSmsSender({
    queue: env.queues.sms,
    store: env.store,
    sealer: env.sealer,
    config: env.config,
    logger: env.logger,
  });
  const wiring: SmsCallbacksWiring = {
    config: env.config,
    store: env.store,
    sealer: env.sealer,
    sender,
    templates: testTemplates,
    tipCount: 3,
    createSmsReport: () => Promise.resolve({ code: 'R7K2X' }),
    redis: env.redis,
    prefix: env.prefix,
    logger: env.logger,
  };
  receiver = wireInboundSms(wiring);
  app = express();
  app.use(wireSmsCallbacks(wiring, receiver));
  app.use(errorHandler(env.logger));
});
afterAll(async () => {
  await env.cleanup();
});
afterEach(() => {
  jest.restoreAllMocks();
});

const post = (text: string, id: string) =>
  request(app)
    .post('/sms/inbound')
    .type('form')
    .send({ from: FROM, to: '36001', text, date: '2026-12-03 10:00:00', id });
const drain = () =>
  drainInbox({
    inbox: env.store.inbox,
    receivers: [receiver],
    sealer: env.sealer,
    drainer: 'test',
    logger: env.logger,
  });
const tipIndex = async () =>
  (await env.store.subscribers.find(callerKey(env.config.PEPPER, FROM)))?.tipIndex ?? 0;

describe('inbox of inbound SMS', () => {
  it('when a message is handled on arrival, then it left the inbox and its reply is queued', async () => {
    const id = `in-ok-${++nextId}`;
    const keep = jest.spyOn(env.store.inbox, 'keep');
    await post('aide', id).expect(200);
    // Kept before it was handled, under the channel's key, the number sealed.
    expect(keep).toHaveBeenCalledTimes(1);
    const [kept] = keep.mock.calls[0]!;
    expect(kept).toMatchObject({ key: `at:${id}`, channel: 'at', messageId: id, text: 'aide' });
    expect(kept.sealedFrom).not.toContain(FROM.slice(4));
    expect(env.sealer.open(kept.sealedFrom)).toBe(FROM);
    expect(await env.store.inbox.countPending()).toBe(0);
    expect(await env.queues.sms.getJob(jobIdFor(`inbound:${id}`))).toBeDefined();
  });

  it('when the store cannot keep the message, then the gateway gets a 503 and nothing is handled', async () => {
    const id = `in-nostore-${++nextId}`;
    jest.spyOn(env.store.inbox, 'keep').mockRejectedValueOnce(new Error('disk full'));
    const before = await tipIndex();
    const res = await post('conseil', id);
    expect(res.status).toBe(503);
    expect(res.text).not.toMatch(/disk full|at .*\.ts/);
    expect(await tipIndex()).toBe(before);
    // The gateway's retry is then handled normally.
    await post('conseil', id).expect(200);
    expect(await tipIndex()).toBe(before + 1);
  });

  it('when handling fails on arrival, then it is acknowledged, kept, and the drain handles it once', async () => {
    const id = `in-fail-${++nextId}`;
    const before = await tipIndex();
    jest.spyOn(env.store.subscribers, 'find').mockRejectedValueOnce(new Error('store hiccup'));
    await post('conseil', id).expect(200);
    expect(await env.store.inbox.countPending()).toBe(1);
    expect(await tipIndex()).toBe(before);

    expect(await drain()).toEqual({ handled: 1, kept: 0, dropped: 0 });
    expect(await tipIndex()).toBe(before + 1);
    expect(await env.store.inbox.countPending()).toBe(0);
    // The gateway's late retry and another drain: nothing handled twice.
    await post('conseil', id).expect(200);
    expect(await drain()).toEqual({ handled: 0, kept: 0, dropped: 0 });
    expect(await tipIndex()).toBe(before + 1);
    expect(await env.store.inbox.countPending()).toBe(0);
  });
});
