import { jobIdFor } from '../../src/adapters/queue/queues';
import { drainOutbox } from '../../src/adapters/queue/outbox.drainer';
import { isValidReportCode } from '../../src/domain/reports/report-code';
import { createLogger } from '../../src/logger';
import { PrivateRedis } from '../helpers/private-redis';
import { codeOn, createReportingEnv, uniqueSession, type ReportingEnv } from '../helpers/reporting-env';

const NOW = new Date('2026-03-10T12:00:00Z');
let redis: PrivateRedis;
let env: ReportingEnv;
let redisDown = false;

beforeAll(async () => {
  redis = await PrivateRedis.start();
  env = await createReportingEnv('report-down', { redisUrl: redis.url, now: NOW });
}, 60_000); // a private redis-server and a whole environment: slow on a loaded machine
afterAll(async () => {
  // Everything closes cleanly only with Redis up (a failed test may leave it stopped).
  if (redisDown) await redis.restart();
  await env.close();
  await redis.stop();
});

/**
 * A first dial (so every hop replays from the language menu, Redis or not): French, report, start,
 * harassment, WhatsApp, me, 18-24, woman, disability undisclosed, Kayes, no danger, skip the text,
 * contact by SMS or call — then 8h-20h, which sends.
 */
const FORM = ['1', '4', '1', '1', '1', '2', '1', '3', '2', '2', '1', '3'];

describe('filing a report while Redis is down', () => {
  it('when Redis stops just before the final request, then the report is stored directly with the code shown, and the receipt catches up once Redis is back', async () => {
    const phone = '+22370444001';
    const sessionId = uniqueSession('down');
    const screens = await env.dial(sessionId, FORM, phone);
    expect(screens.at(-1)).toMatch(/^CON .+ quelle heure, sans risque pour vous \? \(puis envoi\)/);

    await redis.stop();
    redisDown = true;
    const end = await env.hop(sessionId, [...FORM, '4'].join('*'), phone);
    expect(end).toMatch(/^END Merci\. Votre code: \d{8}/);
    const code = codeOn(end);
    expect(isValidReportCode(code)).toBe(true);

    // Already in the store: no worker could have written it.
    const report = await env.store.reports.findBySourceRef(env.refOf(sessionId, phone));
    expect(report).toMatchObject({
      code,
      type: 'harassment',
      region: 'kayes',
      contact: 'sms_or_call',
      safeHours: { start: 8, end: 20 },
    });
    expect(env.sealer.open(report!.sealedContact!)).toBe(phone);
    // The final request sent again while Redis is still down shows the same code and stores nothing new.
    expect(await env.hop(sessionId, [...FORM, '4'].join('*'), phone)).toBe(end);
    const all = await env.store.reports.list({}, { limit: 10 });
    expect(all.items.filter((r) => r.sourceRef === env.refOf(sessionId, phone))).toHaveLength(1);
    // The receipt waits in the outbox.
    expect(await env.store.outbox.countPending()).toBe(1);

    await redis.restart();
    redisDown = false;
    await env.queues.ready(10_000);
    const drained = await drainOutbox(
      {
        queue: env.queues.sms,
        store: env.store,
        logger: createLogger({ level: 'silent' }),
        workerId: 'test-drainer',
      },
      new Date(NOW.getTime() + 2 * 24 * 3600 * 1000),
    );
    expect(drained).toEqual({ moved: 1, released: 0 });
    const receipt = await env.queues.sms.getJob(jobIdFor(`receipt:${env.refOf(sessionId, phone)}`));
    expect(receipt?.data).toMatchObject({ kind: 'receipt', callerKey: env.keyOf(phone) });
    expect(receipt?.data.text).toContain(code);
    // Kept until the SMS worker sends it: a Redis that loses the job again cannot lose the receipt.
    expect(await env.store.outbox.countPending()).toBe(1);
  });
});
