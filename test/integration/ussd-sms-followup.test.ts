/*
 * The real service with the real africastalking SDK pointed at the local fake AT server: a caller who
 * asks for a tip by SMS on a USSD screen gets exactly one SMS, even when the gateway repeats the final
 * request; after STOP by SMS, asking again sends nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startServer, type RunningServer } from '../../src/server';
import { startFakeAtServer, type FakeAtServer } from '../helpers/fake-at-server';

let dir: string;
let svc: RunningServer;
let fake: FakeAtServer;
let base: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tanga-followup-'));
  fake = await startFakeAtServer();
  svc = await startServer({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    WORKERS: 'inline',
    QUEUE_PREFIX: `followup${Date.now()}`,
    AT_USERNAME: 'sandbox',
    AT_API_KEY: 'test-key',
    AT_API_BASE_URL: fake.url,
    // Every hour is a safe hour here, so the SMS leaves at once whatever time the test runs.
    SAFE_HOURS_START: '0',
    SAFE_HOURS_END: '24',
  });
  base = `http://127.0.0.1:${svc.port}`;
});

afterAll(async () => {
  await svc.stop();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

const hop = (sessionId: string, phoneNumber: string, text: string) =>
  request(base)
    .post('/ussd')
    .type('form')
    .send({ sessionId, serviceCode: '*123#', phoneNumber, networkCode: '61002', text });

/** French, Se protéger, 6 Mots de passe, Recevoir par SMS, Oui envoyer. */
const ASK_FOR_TIP = ['1', '1', '6', '1', '1'];

async function askForTip(sessionId: string, phone: string, inputs = ASK_FOR_TIP): Promise<string> {
  let last = '';
  for (let i = 0; i <= inputs.length; i++)
    last = (await hop(sessionId, phone, inputs.slice(0, i).join('*'))).text;
  return last;
}

async function pendingSmsJobs(): Promise<number> {
  const counts = await svc.runtime.queues.sms.getJobCounts('waiting', 'delayed', 'active', 'prioritized');
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

describe('follow-up SMS asked for on a USSD screen', () => {
  it('when the caller asks for the tip and the final request comes twice, then AT gets exactly one request', async () => {
    const last = await askForTip('FOLLOW_1', '+22370666001');
    expect(last).toMatch(/^CON Le SMS arrive/);
    const [sent] = await fake.waitForRequests(1);
    expect(sent).toMatchObject({ to: ['+22370666001'] });
    expect(sent?.message).toBe(svc.runtime.templates('tip_1', 'fr'));

    const again = await hop('FOLLOW_1', '+22370666001', ASK_FOR_TIP.join('*'));
    expect(again.text).toBe(last);
    expect(await pendingSmsJobs()).toBe(0);
    expect(fake.requests).toHaveLength(1);
  });

  it('when the caller sent STOP by SMS, then a later follow-up produces no request', async () => {
    const phone = '+22370666002';
    const before = fake.requests.length;
    await request(base)
      .post('/sms/inbound')
      .type('form')
      .send({ from: phone, to: '36001', text: 'STOP', date: '2026-11-28 10:00:00', id: 'ATXid_stop_1' })
      .expect(200);
    // The one message allowed after STOP: its confirmation.
    await fake.waitForRequests(before + 1);
    expect(fake.requests.at(-1)?.message).toBe(svc.runtime.templates('stop_confirm', 'fr'));

    await askForTip('FOLLOW_2', phone);
    expect(await pendingSmsJobs()).toBe(0);
    expect(fake.requests).toHaveLength(before + 1);
  });
});
