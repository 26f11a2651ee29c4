import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Job, Worker } from 'bullmq';
import express from 'express';
import { Redis } from 'ioredis';
import request from 'supertest';
import { createAtSmsGateway } from '../../src/adapters/gateways/at-sms.gateway';
import { errorHandler } from '../../src/adapters/http/error-handler';
import { wireSmsCallbacks } from '../../src/composition/phone-wiring';
import { drainOutbox } from '../../src/adapters/queue/outbox.drainer';
import { closeQueues, createQueues, jobIdFor } from '../../src/adapters/queue/queues';
import type { SmsJob, SmsJobResult } from '../../src/adapters/queue/queues';
import { wireSmsSender } from '../../src/composition/phone-wiring';
import type { SmsSender } from '../../src/phone/sms-sender.service';
import { wireSmsWorker } from '../../src/composition/workers';
import { callerKey } from '../../src/domain/privacy/caller-key';
import { startFakeAtServer } from '../helpers/fake-at-server';
import type { FakeAtServer } from '../helpers/fake-at-server';
import { createSmsTestEnv, REDIS_URL, testTemplates } from '../helpers/sms-test-env';
import type { SmsTestEnv } from '../helpers/sms-test-env';

type SmsWorker = Worker<SmsJob, SmsJobResult>;

/** Resolves with the job when `worker` emits `event` for `jobId` (listen before acting). */
function when(
  worker: SmsWorker,
  event: 'completed' | 'failed',
  jobId: string,
): Promise<Job<SmsJob, SmsJobResult>> {
  return new Promise((resolve) => {
    const listener = (job: Job<SmsJob, SmsJobResult> | undefined) => {
      if (job?.id !== jobId) return;
      worker.off(event, listener);
      resolve(job);
    };
    worker.on(event, listener);
  });
}

let numberSerial = 10;
/** A fresh valid Malian mobile number per test, so opt-outs and daily caps do not leak between tests. */
const aNumber = () => `+2237012${String(numberSerial++).padStart(4, '0')}`;

describe('SMS queue: sender, worker and the real AT SDK against the fake AT server', () => {
  let env: SmsTestEnv;
  let fake: FakeAtServer;
  let sender: SmsSender;
  const gateway = () =>
    createAtSmsGateway(
      { username: 'sandbox', apiKey: 'test-key', baseUrl: fake.url, timeoutMs: 5_000 },
      env.logger,
    );
  const startWorker = (workerOptions = {}) =>
    wireSmsWorker({
      queues: env.queues,
      redis: env.redis,
      store: env.store,
      gateway: gateway(),
      sealer: env.sealer,
      config: env.config,
      logger: env.logger,
      workerOptions: { lockDuration: 2_000, stalledInterval: 300, ...workerOptions },
    });
  const followup = (to: string, dedupeKey: string, text = 'Bonjour, ici Tanga.') =>
    sender.send({
      dedupeKey,
      e164: to,
      callerKey: callerKey(env.config.PEPPER, to),
      text,
      locale: 'fr',
      kind: 'followup',
      timing: 'now',
    });

  beforeAll(async () => {
    env = await createSmsTestEnv('smsq', { tuning: { smsBackoffMs: 20 } });
    fake = await startFakeAtServer();
    sender = wireSmsSender({
      queue: env.queues.sms,
      store: env.store,
      sealer: env.sealer,
      config: env.config,
      logger: env.logger,
    });
  });
  afterAll(async () => {
    await fake.close();
    await env.cleanup();
  });

  describe('with a worker running', () => {
    let worker: SmsWorker;
    beforeAll(() => {
      worker = startWorker();
    });
    afterAll(async () => {
      await worker.close();
    });

    it('when a follow-up is sent, then AT gets exactly one request with that recipient and text', async () => {
      const to = aNumber();
      const before = fake.requests.length;
      const done = when(worker, 'completed', jobIdFor('send:one'));
      expect(await followup(to, 'send:one', 'Votre conseillère vous écrit.')).toMatchObject({
        queued: true,
        via: 'queue',
      });
      const job = await done;
      expect(fake.requests.slice(before)).toEqual([
        expect.objectContaining({ to: [to], message: 'Votre conseillère vous écrit.', apiKey: 'test-key' }),
      ]);
      expect(job.returnvalue).toEqual({ status: 'sent', messageId: expect.stringMatching(/^ATXid_/) });
      const messageId = (job.returnvalue as { messageId: string }).messageId;
      expect(await env.store.smsLog.find(messageId)).toMatchObject({ jobId: job.id, status: 'Sent' });
    });

    it('when the same dedupe key is sent twice, then only one request reaches AT', async () => {
      const to = aNumber();
      const before = fake.requests.length;
      const done = when(worker, 'completed', jobIdFor('dedupe:twice'));
      await followup(to, 'dedupe:twice');
      await done;
      await followup(to, 'dedupe:twice');
      expect(await env.queues.sms.getJobCounts('waiting', 'delayed', 'active')).toEqual({
        waiting: 0,
        delayed: 0,
        active: 0,
      });
      expect(await env.queues.sms.getJobState(jobIdFor('dedupe:twice'))).toBe('completed');
      expect(fake.requests.slice(before)).toHaveLength(1);
    });

    it('when AT answers 500 twice, then the job is retried with backoff and then succeeds', async () => {
      const to = aNumber();
      const before = fake.requests.length;
      fake.failNext(1, 500);
      fake.failNext(1, { httpStatus: 502 });
      const done = when(worker, 'completed', jobIdFor('retry:500'));
      await followup(to, 'retry:500');
      const job = await done;
      expect(job.attemptsMade).toBe(3);
      expect(fake.requests.slice(before).map((r) => r.to)).toEqual([[to], [to], [to]]);
    });

    it('when AT answers 406, then the job is not retried and the caller is suppressed', async () => {
      const to = aNumber();
      const before = fake.requests.length;
      fake.failNext(1, 406);
      const failed = when(worker, 'failed', jobIdFor('blacklist:406'));
      await followup(to, 'blacklist:406');
      const job = await failed;
      expect(await env.queues.sms.getJobState(job.id!)).toBe('failed');
      expect(job.attemptsMade).toBe(1);
      expect(fake.requests.slice(before)).toHaveLength(1);
      expect(await env.store.subscribers.find(callerKey(env.config.PEPPER, to))).toMatchObject({
        suppressed: true,
        suppressedReason: 'blacklisted',
      });
    });

    it('when AT answers 403 (invalid number), then the job fails at once without retry', async () => {
      fake.failNext(1, 403);
      const failed = when(worker, 'failed', jobIdFor('permanent:403'));
      await followup(aNumber(), 'permanent:403');
      const job = await failed;
      expect(job.attemptsMade).toBe(1);
      expect(job.failedReason).toMatch(/permanent/);
    });

    it('when the caller sent STOP by SMS, then only the confirmation goes out and a follow-up sends nothing', async () => {
      const to = aNumber();
      const key = callerKey(env.config.PEPPER, to);
      const app = express();
      app.use(
        wireSmsCallbacks({
          config: env.config,
          store: env.store,
          sealer: env.sealer,
          sender,
          templates: testTemplates,
          tipCount: 6,
          createSmsReport: () => Promise.resolve({ code: 'X' }),
          redis: env.redis,
          prefix: env.prefix,
          logger: env.logger,
        }),
      );
      app.use(errorHandler(env.logger));
      const before = fake.requests.length;
      const confirmed = when(worker, 'completed', jobIdFor('inbound:stop-1'));
      await request(app)
        .post('/sms/inbound')
        .type('form')
        .send({ from: to, to: '36001', text: 'STOP', date: '2026-03-10 10:00:00', id: 'stop-1' })
        .expect(200);
      await confirmed;
      expect(fake.requests.slice(before)).toEqual([
        expect.objectContaining({ to: [to], message: 'fr:stop_confirm' }),
      ]);

      expect(await followup(to, 'after-stop:1')).toEqual({ queued: false, reason: 'suppressed' });
      // Queued before the STOP, sent after it: the worker checks again and sends nothing.
      const skipped = when(worker, 'completed', 'queued-before-stop');
      await env.queues.sms.add(
        'followup',
        {
          kind: 'followup',
          callerKey: key,
          sealedTo: env.sealer.seal(to),
          text: 'late',
          locale: 'fr',
        },
        { jobId: 'queued-before-stop' },
      );
      expect((await skipped).returnvalue).toEqual({ status: 'skipped', reason: 'suppressed' });
      expect(fake.requests.slice(before)).toHaveLength(1);
    });

    it('when a follow-up is asked for at 23:00 in Bamako, then it is delayed to 08:00 the next day', async () => {
      const outcome = await sender.send({
        dedupeKey: 'night:1',
        e164: aNumber(),
        callerKey: 'night-caller',
        text: 'x',
        locale: 'fr',
        kind: 'followup',
        timing: 'safe_hours',
        now: new Date('2026-03-10T23:00:00Z'),
      });
      expect(outcome).toMatchObject({ queued: true, sendAt: new Date('2026-03-11T08:00:00Z') });
      const job = await env.queues.sms.getJob(jobIdFor('night:1'));
      expect(job?.delay).toBe(9 * 3600_000);
      expect(await job?.getState()).toBe('delayed');
      await job?.remove();
    });

    it('when the daily cap is reached, then further non-reply SMS to that caller are skipped', async () => {
      const to = aNumber();
      const cap = env.config.SMS_DAILY_CAP_PER_CALLER;
      const results: unknown[] = [];
      for (let i = 0; i <= cap; i += 1) {
        const done = when(worker, 'completed', jobIdFor(`cap:${i}`));
        await followup(to, `cap:${i}`);
        results.push((await done).returnvalue);
      }
      expect(results.slice(0, cap).every((r) => (r as { status: string }).status === 'sent')).toBe(true);
      expect(results[cap]).toEqual({ status: 'skipped', reason: 'daily_cap' });
    });

    it('when AT answers 405, then the queue is paused and the job is retried once resumed', async () => {
      fake.failNext(1, 405);
      const failedOnce = when(worker, 'failed', jobIdFor('balance:405'));
      await followup(aNumber(), 'balance:405');
      await failedOnce;
      expect(await env.queues.sms.isPaused()).toBe(true);
      const completed = when(worker, 'completed', jobIdFor('balance:405'));
      await env.queues.sms.resume();
      expect((await completed).attemptsMade).toBe(2);
    });

    it('when Redis cannot take the job, then it goes to the outbox and the drainer queues it later', async () => {
      // A queue whose Redis never answers (nothing listens on that port).
      const dead = new Redis({ port: 1, lazyConnect: true, retryStrategy: () => 60_000 });
      dead.on('error', () => undefined);
      const deadQueues = createQueues(dead, env.prefix);
      const offline = wireSmsSender({
        queue: deadQueues.sms,
        store: env.store,
        sealer: env.sealer,
        config: env.config,
        logger: env.logger,
        enqueueTimeoutMs: 200,
      });
      const to = aNumber();
      // Messages queued by earlier tests and not sent by a worker stay in the outbox until they are.
      const pendingBefore = await env.store.outbox.countPending();
      const outcome = await offline.send({
        dedupeKey: 'offline:1',
        e164: to,
        callerKey: callerKey(env.config.PEPPER, to),
        text: 'kept safe',
        locale: 'fr',
        kind: 'receipt',
        timing: 'now',
      });
      expect(outcome).toMatchObject({ queued: true, via: 'outbox' });
      expect(await env.store.outbox.countPending()).toBe(pendingBefore + 1);
      await closeQueues(deadQueues);
      dead.disconnect();

      const before = fake.requests.length;
      const done = when(worker, 'completed', jobIdFor('offline:1'));
      // Rows of earlier tests still waiting for their send are due too: this one is among those moved.
      const drained = await drainOutbox({
        queue: env.queues.sms,
        store: env.store,
        logger: env.logger,
        workerId: 'test',
      });
      expect(drained.released).toBe(0);
      expect(drained.moved).toBeGreaterThanOrEqual(1);
      expect((await done).data).toMatchObject({ kind: 'receipt', text: 'kept safe' });
      expect(await env.store.outbox.countPending()).toBeLessThanOrEqual(pendingBefore);
      // Sent once (rows of earlier tests that were still due may go out with it).
      expect(fake.requests.slice(before).filter((r) => r.message === 'kept safe')).toEqual([
        expect.objectContaining({ to: [to], message: 'kept safe' }),
      ]);
    });
  });

  describe('when a worker process dies in the middle of a send', () => {
    let child: ChildProcess | null = null;
    afterEach(() => {
      if (child && child.exitCode === null) child.kill('SIGKILL');
    });

    it('then the job is picked up again and completed by a new worker', async () => {
      const keys = [...env.config.SEAL_KEYS].map(([id, k]) => `${id}:${k.toString('base64')}`).join(',');
      child = fork(join(__dirname, '../helpers/sms-worker.child.ts'), [], {
        execArgv: ['--import', 'tsx'],
        env: {
          ...process.env,
          REDIS_URL,
          QUEUE_PREFIX: env.prefix,
          STORE_FILE: env.storeFile,
          AT_URL: fake.url,
          SEAL_KEYS: keys,
          SEAL_CURRENT_KEY_ID: env.config.SEAL_CURRENT_KEY_ID,
        },
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      });
      await new Promise<void>((resolve, reject) => {
        child!.once('message', () => resolve());
        child!.once('exit', (code) => reject(new Error(`child exited early (${code})`)));
      });

      const to = aNumber();
      const before = fake.requests.length;
      fake.delay(60_000);
      await followup(to, 'crash:1');
      await fake.waitForRequests(before + 1);
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      fake.delay(0);

      const worker = startWorker();
      try {
        const done = await when(worker, 'completed', jobIdFor('crash:1'));
        expect(done.returnvalue).toMatchObject({ status: 'sent' });
        // At least once: the first attempt's request reached AT before the crash.
        expect(fake.requests.slice(before).map((r) => r.to)).toEqual([[to], [to]]);
      } finally {
        await worker.close();
      }
    });
  });
});
