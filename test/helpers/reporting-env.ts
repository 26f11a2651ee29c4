/**
 * The reporting feature as the service runs it, for integration tests: `createRuntime` (the composition
 * root of `npm start`) on the real flows/main.yaml, real Redis, SQLite in a temp dir and a unique queue
 * prefix, with only the clock overridden; the USSD app over HTTP (supertest) and a running report worker.
 * `close` obliterates the queues and removes every key and file it made.
 */
import { ussdSourceRef } from '../../src/domain/reports/ussd-source-ref';
import { QueueEvents, type Worker } from 'bullmq';
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { Queues } from '../../src/adapters/queue/queues';
import { createReportWorker } from '../../src/adapters/queue/report.worker';
import { reportJobId } from '../../src/adapters/queue/report-queue';
import { SQLITE_FILE_NAME } from '../../src/adapters/store-factory';
import { testConfig, type Config } from '../../src/config';
import type { Store } from '../../src/domain/ports';
import { callerKey } from '../../src/domain/privacy/caller-key';
import type { Sealer } from '../../src/domain/privacy/sealing';
import type { Report } from '../../src/domain/reports/report';
import { createLogger } from '../../src/logger';
import type { Reporting } from '../../src/phone/reporting.resolvers';
import { createRuntime } from '../../src/runtime';
import type { RequestListener } from 'node:http';

export const FLOWS_DIR = join(__dirname, '..', '..', 'flows');

export interface ReportingEnv {
  config: Config;
  /** What the service's HTTP server runs (runtime.handler: the phone callbacks, then Express). */
  app: RequestListener;
  reporting: Reporting;
  store: Store;
  storeFile: string;
  queues: Queues;
  worker: Worker;
  sealer: Sealer;
  prefix: string;
  /** One hop as AT sends it; returns `CON …` / `END …`. */
  hop(sessionId: string, text: string, phone: string): Promise<string>;
  /** Dials and types `inputs` one hop at a time; returns every screen (the first is the dial's). */
  dial(sessionId: string, inputs: readonly string[], phone: string): Promise<string[]>;
  /** The caller key the app derives from a phone number. */
  keyOf(phone: string): string;
  /** Waits for the report worker to write the queued report of `sourceRef`, then reads it. */
  storedReport(sourceRef: string): Promise<Report>;
  /** The raw SQLite row, as it is on disk. */
  rawRow(sourceRef: string): Record<string, unknown> | undefined;
  /** The sourceRef a USSD report filed by `phone` in `sessionId` is stored under. */
  refOf(sessionId: string, phone: string): string;
  close(): Promise<void>;
}

export async function createReportingEnv(
  name: string,
  opts: { redisUrl?: string; config?: Record<string, string>; now?: Date } = {},
): Promise<ReportingEnv> {
  const redisUrl = opts.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `t-${name}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), `tanga-${name}-`));
  const config = testConfig({
    ...opts.config,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    DATA_DIR: dir,
    FLOWS_DIR,
    WORKERS: 'none',
  });
  const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const clock = opts.now ? () => opts.now! : undefined;
  const runtime = await createRuntime(config, logger, clock ? { clock } : {});
  const { handler: app, store, queues, sealer, reporting, redis: fast } = runtime;
  const storeFile = join(dir, SQLITE_FILE_NAME);
  // The service answers before its Redis connection is up; these tests start from "up".
  if (fast.status !== 'ready') await new Promise((resolve) => fast.once('ready', resolve));
  await queues.ready();
  const worker = createReportWorker({ queues, store, logger });
  const events = new QueueEvents('reports', { connection: queues.workerConnection(), prefix });
  await events.waitUntilReady();
  const raw = new Database(storeFile, { readonly: true });

  const hop = async (sessionId: string, text: string, phone: string): Promise<string> => {
    const res = await request(app)
      .post('/ussd')
      .type('form')
      .send({ sessionId, serviceCode: '*123#', phoneNumber: phone, networkCode: '61002', text });
    if (res.status !== 200) throw new Error(`USSD answered ${res.status}`);
    return res.text;
  };

  return {
    config,
    app,
    reporting,
    store,
    storeFile,
    queues,
    worker,
    sealer,
    prefix,
    hop,
    async dial(sessionId, inputs, phone) {
      const screens: string[] = [];
      for (let i = 0; i <= inputs.length; i++)
        screens.push(await hop(sessionId, inputs.slice(0, i).join('*'), phone));
      return screens;
    },
    keyOf: (phone) => callerKey(config.PEPPER, phone),
    refOf: (sessionId, phone) => ussdSourceRef(sessionId, callerKey(config.PEPPER, phone)),
    async storedReport(sourceRef) {
      const job = await queues.reports.getJob(reportJobId(sourceRef));
      if (job) await job.waitUntilFinished(events, 10_000);
      const report = await store.reports.findBySourceRef(sourceRef);
      if (!report) throw new Error(`no report for ${sourceRef}`);
      return report;
    },
    rawRow: (sourceRef) =>
      raw.prepare('SELECT * FROM reports WHERE source_ref = ?').get(sourceRef) as
        Record<string, unknown> | undefined,
    async close() {
      await worker.close();
      await events.close();
      for (const q of [queues.sms, queues.reports, queues.schedules]) {
        await q.obliterate({ force: true }).catch(() => undefined);
      }
      const keys = fast.status === 'ready' ? await fast.keys(`${prefix}:*`) : [];
      if (keys.length > 0) await fast.del(...keys);
      await runtime.close();
      raw.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The code on an END screen of the report form. */
export function codeOn(screen: string | undefined): string {
  const m = /(\d{8})/.exec(screen ?? '');
  if (!m?.[1]) throw new Error(`no code on screen: ${screen}`);
  return m[1];
}

export const uniqueSession = (label: string): string => `ATUid_${label}_${randomBytes(5).toString('hex')}`;
