/**
 * `npm run bench:sms`: SMS jobs per second from enqueue to receipt by a fake Africa's Talking server,
 * through the real path: BullMQ on the local Redis, the SMS worker (opt-out check in SQLite, daily cap
 * in Redis, opening the sealed number, the real `africastalking` SDK over HTTP, the SQLite send log).
 * Run with 1 and then 2 workers (in this process), the rate limiter raised out of the way. Stops by itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { createAtSmsGateway } from '../src/adapters/gateways/at-sms.gateway';
import { closeQueues, createQueues } from '../src/adapters/queue/queues';
import type { SmsJob, SmsJobResult } from '../src/adapters/queue/queues';
import { wireSmsWorker } from '../src/composition/workers';
import { openSqliteStore } from '../src/adapters/sqlite/sqlite-store';
import { testConfig } from '../src/config';
import { callerKey } from '../src/domain/privacy/caller-key';
import { Sealer } from '../src/domain/privacy/sealing';
import { createLogger } from '../src/logger';
import { startFakeAtServer } from '../test/helpers/fake-at-server';

const JOBS = Number(process.env.BENCH_SMS_JOBS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_SMS_CONCURRENCY ?? 8);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Row {
  workers: number;
  concurrency: number;
  jobs: number;
  enqueueMs: number;
  totalMs: number;
  jobsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function run(workerCount: number): Promise<Row> {
  const config = testConfig();
  const logger = createLogger({ level: 'silent' });
  const sealer = new Sealer({ keys: config.SEAL_KEYS, currentKeyId: config.SEAL_CURRENT_KEY_ID });
  const dir = mkdtempSync(join(tmpdir(), 'tanga-bench-sms-'));
  const store = openSqliteStore({ file: join(dir, 'bench.sqlite') });
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const prefix = `bench-sms-${process.pid}-${workerCount}`;
  const queues = createQueues(redis, prefix);
  await queues.ready();
  const fake = await startFakeAtServer();
  const gateway = createAtSmsGateway(
    { username: 'sandbox', apiKey: 'bench', baseUrl: fake.url, timeoutMs: 10_000 },
    logger,
  );

  const latencies: number[] = [];
  const workers: Worker<SmsJob, SmsJobResult>[] = [];
  for (let i = 0; i < workerCount; i += 1) {
    const w = wireSmsWorker({
      queues,
      redis,
      store,
      gateway,
      sealer,
      config,
      logger,
      workerOptions: { concurrency: CONCURRENCY, limiter: { max: 100_000, duration: 1000 } },
    });
    w.on('completed', (job) => {
      if (job.finishedOn !== undefined) latencies.push(job.finishedOn - job.timestamp);
    });
    workers.push(w);
  }
  await Promise.all(workers.map((w) => w.waitUntilReady()));

  // Sealing is done up front so the clock measures the queue and the send, not AES.
  const jobs = Array.from({ length: JOBS }, (_, i) => {
    const e164 = `+22370${String(i).padStart(6, '0')}`;
    const data: SmsJob = {
      kind: 'followup',
      callerKey: callerKey(config.PEPPER, e164),
      sealedTo: sealer.seal(e164),
      text: 'Tanga: un conseil par SMS chaque semaine.',
      locale: 'fr',
    };
    return { name: 'followup', data, opts: { jobId: `bench-${i}` } };
  });

  const t0 = performance.now();
  for (let i = 0; i < jobs.length; i += 500) await queues.sms.addBulk(jobs.slice(i, i + 500));
  const enqueueMs = performance.now() - t0;
  await fake.waitForRequests(JOBS);
  const totalMs = performance.now() - t0;

  await Promise.all(workers.map((w) => w.close()));
  await queues.sms.obliterate({ force: true });
  await closeQueues(queues);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
  await fake.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });

  latencies.sort((a, b) => a - b);
  return {
    workers: workerCount,
    concurrency: CONCURRENCY,
    jobs: JOBS,
    enqueueMs: Math.round(enqueueMs),
    totalMs: Math.round(totalMs),
    jobsPerSecond: Math.round((JOBS / totalMs) * 1000),
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
  };
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const n of [1, 2]) rows.push(await run(n));
  const header =
    '| workers | concurrency each | jobs | enqueue (ms) | enqueue → last receipt (ms) | jobs/s | job p50 (ms) | job p95 (ms) |';
  process.stdout.write(
    `\nSMS pipeline, ${JOBS} jobs, Node ${process.version}\n\n${header}\n|---|---|---|---|---|---|---|---|\n`,
  );
  for (const r of rows) {
    process.stdout.write(
      `| ${r.workers} | ${r.concurrency} | ${r.jobs} | ${r.enqueueMs} | ${r.totalMs} | ${r.jobsPerSecond} | ${r.p50Ms} | ${r.p95Ms} |\n`,
    );
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(
      `bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
