/**
 * `npm run bench:sms`: SMS jobs per second from enqueue to receipt by a fake Africa's Talking server,
 * through the real path: BullMQ on the local Redis, the SMS worker (opt-out check in SQLite, daily cap
 * in Redis, opening the sealed number, the real `africastalking` SDK over HTTP, the SQLite send log).
 * Run with 1 and then 2 workers (in this process), the rate limiter raised out of the way; then once more
 * over SMPP: the same worker through a transceiver bind to the local SMSC (real TCP), paced at
 * BENCH_SMPP_TPS (default 1000) with a window of 10, until the SMSC has every `submit_sm`. Stops by itself.
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
import { LocalSmsc } from '../scripts/local-smsc';
import { SmppLink } from '../src/adapters/smpp/smpp-link';
import { createSmppSmsGateway } from '../src/adapters/smpp/smpp-sms.gateway';
import type { SmsGateway } from '../src/domain/ports';

const JOBS = Number(process.env.BENCH_SMS_JOBS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_SMS_CONCURRENCY ?? 8);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SMPP_TPS = Number(process.env.BENCH_SMPP_TPS ?? 1000);

type Via = 'at' | 'smpp';

/** Where the SMS go, and how the bench knows they all arrived. */
interface Target {
  gateway: SmsGateway;
  waitForAll(count: number): Promise<void>;
  close(): Promise<void>;
}

async function atTarget(logger: ReturnType<typeof createLogger>): Promise<Target> {
  const fake = await startFakeAtServer();
  return {
    gateway: createAtSmsGateway(
      { username: 'sandbox', apiKey: 'bench', baseUrl: fake.url, timeoutMs: 10_000 },
      logger,
    ),
    waitForAll: async (count) => void (await fake.waitForRequests(count)),
    close: () => fake.close(),
  };
}

async function smppTarget(logger: ReturnType<typeof createLogger>): Promise<Target> {
  const smsc = new LocalSmsc();
  const port = await smsc.listen();
  const link = new SmppLink({
    endpoint: { host: '127.0.0.1', port, tls: false, systemId: 'bench', password: 'bench', systemType: '' },
    logger,
    tps: SMPP_TPS,
    window: 10,
    enquireLinkMs: 30_000,
    responseTimeoutMs: 10_000,
    reconnectMinMs: 500,
    reconnectMaxMs: 5_000,
    throttleHoldMs: 1000,
  });
  link.start();
  await link.whenBound();
  return {
    gateway: createSmppSmsGateway(link, { sourceAddr: '36123' }, logger),
    waitForAll: (count) => smsc.waitFor(() => smsc.submitted.length >= count, 600_000, 'every submit_sm'),
    async close() {
      await link.close();
      await smsc.close();
    },
  };
}

interface Row {
  via: Via;
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

async function run(workerCount: number, via: Via = 'at'): Promise<Row> {
  const config = testConfig();
  const logger = createLogger({ level: 'silent' });
  const sealer = new Sealer({ keys: config.SEAL_KEYS, currentKeyId: config.SEAL_CURRENT_KEY_ID });
  const dir = mkdtempSync(join(tmpdir(), 'tanga-bench-sms-'));
  const store = openSqliteStore({ file: join(dir, 'bench.sqlite') });
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const prefix = `bench-sms-${process.pid}-${via}-${workerCount}`;
  const queues = createQueues(redis, prefix);
  await queues.ready();
  const target = via === 'at' ? await atTarget(logger) : await smppTarget(logger);
  const { gateway } = target;

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
  await target.waitForAll(JOBS);
  const totalMs = performance.now() - t0;

  await Promise.all(workers.map((w) => w.close()));
  await queues.sms.obliterate({ force: true });
  await closeQueues(queues);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
  await target.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });

  latencies.sort((a, b) => a - b);
  return {
    via,
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
  rows.push(await run(1, 'smpp'));
  const header =
    '| gateway | workers | concurrency each | jobs | enqueue (ms) | enqueue → last receipt (ms) | jobs/s | job p50 (ms) | job p95 (ms) |';
  process.stdout.write(
    `\nSMS pipeline, ${JOBS} jobs, Node ${process.version} (SMPP paced at ${SMPP_TPS}/s, window 10)\n\n${header}\n|---|---|---|---|---|---|---|---|---|\n`,
  );
  for (const r of rows) {
    const via = r.via === 'at' ? "Africa's Talking (fake, HTTP)" : 'SMPP (local SMSC)';
    process.stdout.write(
      `| ${via} | ${r.workers} | ${r.concurrency} | ${r.jobs} | ${r.enqueueMs} | ${r.totalMs} | ${r.jobsPerSecond} | ${r.p50Ms} | ${r.p95Ms} |\n`,
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
