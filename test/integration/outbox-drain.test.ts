/*
 * The outbox drainer on real Redis and SQLite, with no SMS worker running: a message it queues stays in
 * the outbox until its job ends, so a job that Redis loses afterwards (a restart without persistence) is
 * queued again on a later drain; a message whose job has ended is removed.
 */
import { Worker } from 'bullmq';
import { drainOutbox } from '../../src/adapters/queue/outbox.drainer';
import { jobIdFor, QUEUE_NAMES } from '../../src/adapters/queue/queues';
import { encodeOutboxText } from '../../src/domain/sms/outbox-payload';
import { createSmsTestEnv, type SmsTestEnv } from '../helpers/sms-test-env';

const T0 = new Date('2026-12-03T10:00:00Z');
const RESEND_MS = 60_000;
const later = (ms: number) => new Date(T0.getTime() + ms);
let env: SmsTestEnv;

beforeAll(async () => {
  env = await createSmsTestEnv('outbox-drain');
});
afterAll(async () => {
  await env.cleanup();
});

async function outboxMessage(dedupeKey: string): Promise<void> {
  await env.store.outbox.enqueue({
    dedupeKey,
    callerKey: `ck-${dedupeKey}`,
    sealedTo: env.sealer.seal('+22370000001'),
    text: encodeOutboxText({ kind: 'reply', locale: 'fr', text: 'Votre code' }),
    notBefore: T0,
    createdAt: T0,
  });
}
const drain = (now: Date) =>
  drainOutbox(
    {
      queue: env.queues.sms,
      store: env.store,
      logger: env.logger,
      workerId: 'test',
      resendAfterMs: RESEND_MS,
    },
    now,
  );

describe('outbox drainer', () => {
  it('when Redis loses a job the drainer queued, then a later drain queues it again; the row stays until then', async () => {
    await outboxMessage('lost-1');
    expect(await drain(T0)).toEqual({ moved: 1, released: 0 });
    const job = await env.queues.sms.getJob(jobIdFor('lost-1'));
    expect(job?.data).toMatchObject({ kind: 'reply', text: 'Votre code', dedupeKey: 'lost-1' });
    expect(await env.store.outbox.countPending()).toBe(1);
    // Not due again before the resend delay.
    expect(await drain(later(RESEND_MS - 1))).toEqual({ moved: 0, released: 0 });

    // What a Redis restarted without its data does to the job.
    await job!.remove();
    expect(await env.queues.sms.getJob(jobIdFor('lost-1'))).toBeUndefined();
    expect(await drain(later(RESEND_MS))).toEqual({ moved: 1, released: 0 });
    expect(await env.queues.sms.getJob(jobIdFor('lost-1'))).toBeDefined();
    expect(await env.store.outbox.countPending()).toBe(1);
    await env.queues.sms.obliterate({ force: true });
    await env.store.outbox.removeByDedupeKey('lost-1');
  });

  it('when the job has ended but its row was left behind, then the drain removes the row without queueing it again', async () => {
    await outboxMessage('ended-1');
    expect(await drain(T0)).toEqual({ moved: 1, released: 0 });
    // A worker that completes the job but (like a store failure would) leaves the row.
    const connection = env.redis.duplicate({ maxRetriesPerRequest: null });
    const worker = new Worker(QUEUE_NAMES.sms, () => Promise.resolve({ status: 'sent' }), {
      connection,
      prefix: env.prefix,
    });
    const completed = new Promise<void>((resolve) => worker.once('completed', () => resolve()));
    await completed;
    await worker.close();
    // A connection passed in is the caller's to close: left open, it keeps Jest from exiting.
    await connection.quit();
    expect(await env.queues.sms.getJobState(jobIdFor('ended-1'))).toBe('completed');

    expect(await drain(later(RESEND_MS))).toEqual({ moved: 1, released: 0 });
    expect(await env.store.outbox.countPending()).toBe(0);
    expect(await env.queues.sms.getJobState(jobIdFor('ended-1'))).toBe('completed');
  });
});
