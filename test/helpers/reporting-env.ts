/**
 * The reporting feature wired by hand like runtime.ts wires it, for integration tests: the real flows/main.yaml, the
 * USSD app over HTTP (supertest), real Redis, SQLite in a temp dir, the BullMQ queues with a unique prefix
 * and a running report worker. `close` obliterates the queues and removes every key and file it made.
 */
import { ussdSourceRef } from '../../src/domain/reports/ussd-source-ref';
import { QueueEvents, type Worker } from 'bullmq';
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { loadContent } from '../../src/adapters/flows/flow-files';
import { closeQueues, createQueues, type Queues } from '../../src/adapters/queue/queues';
import { createReportWorker } from '../../src/adapters/queue/report.worker';
import { wireSmsSender } from '../../src/composition/phone-wiring';
import { closeRedis, createRedis } from '../../src/adapters/redis/redis-client';
import { reportJobId } from '../../src/adapters/queue/report-queue';
import { wireReporting } from '../../src/composition/phone-wiring';
import type { Reporting } from '../../src/phone/reporting.resolvers';
import { openSqliteStore } from '../../src/adapters/sqlite/sqlite-store';
import { testConfig, type Config } from '../../src/config';
import type { Store } from '../../src/domain/ports';
import { callerKey } from '../../src/domain/privacy/caller-key';
import { Sealer } from '../../src/domain/privacy/sealing';
import type { Report } from '../../src/domain/reports/report';
import { createSmsTemplates } from '../../src/domain/sms/sms-templates';
import { createLogger } from '../../src/logger';
import { buildUssdApp, type UssdTestApp } from './ussd-app';

export const FLOWS_DIR = join(__dirname, '..', '..', 'flows');

export interface ReportingEnv {
  config: Config;
  ussd: UssdTestApp;
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
  const config = testConfig(opts.config ?? {});
  const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const prefix = `t-${name}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const { flow } = loadContent(FLOWS_DIR, { spelling: 'gsm', serviceCode: '*123#' });
  const dir = mkdtempSync(join(tmpdir(), `tanga-${name}-`));
  const storeFile = join(dir, 'tanga.db');
  const store = openSqliteStore({ file: storeFile });
  const fast = createRedis(redisUrl, 'fast', logger);
  const blocking = createRedis(redisUrl, 'blocking', logger);
  const queues = createQueues(blocking, prefix, { logger });
  await queues.ready();
  const sealer = new Sealer({ keys: config.SEAL_KEYS, currentKeyId: config.SEAL_CURRENT_KEY_ID });
  const templates = createSmsTemplates(flow, { spelling: 'gsm', defaults: { serviceCode: '*123#' } });
  const smsSender = wireSmsSender({
    queue: queues.sms,
    store,
    sealer,
    config,
    logger,
    enqueueTimeoutMs: 500,
  });
  const clock = opts.now ? () => opts.now! : undefined;
  const reporting = wireReporting({
    flow,
    store,
    reportsQueue: queues.reports,
    redis: fast,
    prefix,
    sealer,
    smsSender,
    templates,
    config,
    logger,
    enqueueTimeoutMs: 500,
    ...(clock ? { clock } : {}),
  });
  const ussd = buildUssdApp({
    flow,
    redisUrl,
    resolvers: reporting.resolvers,
    effects: reporting.effects,
    startHook: reporting.startHook,
    validators: reporting.validators,
    ...(clock ? { clock } : {}),
  });
  const worker = createReportWorker({ queues, store, logger });
  const events = new QueueEvents('reports', { connection: queues.workerConnection(), prefix });
  await events.waitUntilReady();
  const raw = new Database(storeFile, { readonly: true });

  const hop = async (sessionId: string, text: string, phone: string): Promise<string> => {
    const res = await request(ussd.app)
      .post('/ussd')
      .type('form')
      .send({ sessionId, serviceCode: '*123#', phoneNumber: phone, networkCode: '61002', text });
    if (res.status !== 200) throw new Error(`USSD answered ${res.status}`);
    return res.text;
  };

  return {
    config,
    ussd,
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
    keyOf: (phone) => callerKey(ussd.pepper, phone),
    refOf: (sessionId, phone) => ussdSourceRef(sessionId, callerKey(ussd.pepper, phone)),
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
      await closeQueues(queues);
      const keys = fast.status === 'ready' ? await fast.keys(`${prefix}:*`) : [];
      if (keys.length > 0) await fast.del(...keys);
      await closeRedis(fast);
      await closeRedis(blocking);
      await ussd.close();
      raw.close();
      await store.close();
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
