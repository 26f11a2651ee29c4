/**
 * Part of the composition root: the queue workers (SMS, reports, voice recordings, recurring jobs) over the shared core
 * services. `npm run worker` (src/worker.ts) runs them in their own process; with WORKERS=inline,
 * `runtime.ts` runs the same workers in the API process.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Worker, WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { CoreServices } from '../core-services';
import type { Config } from '../config';
import { createSmsGateway } from '../adapters/gateways/sms-gateway.factory';
import { instrumentSmsGateway } from '../adapters/metrics/sms-gateway.instrumentation';
import { smppSmsGateway } from '../smpp-wiring';
import { instrumentWorker } from '../adapters/metrics/worker.instrumentation';
import { drainOutbox } from '../adapters/queue/outbox.drainer';
import { QUEUE_NAMES, SCHEDULE_JOBS } from '../adapters/queue/queues';
import type {
  Queues,
  RecordingJob,
  ReportJob,
  ScheduleJob,
  ScheduleJobName,
  SmsJob,
  SmsJobResult,
} from '../adapters/queue/queues';
import { createReportWorker } from '../adapters/queue/report.worker';
import { createRecordingWorker } from '../adapters/queue/recording.worker';
import { createRecordingDownload, type DownloadRecording } from '../adapters/voice/recording-download';
import { createSchedulesWorker, upsertSchedules } from '../adapters/queue/schedules.worker';
import {
  createSealedReportAudioStore,
  REPORT_AUDIO_DIR,
  sweepReportAudio,
} from '../adapters/voice/sealed-report-audio.store';
import { createSmsWorker, type SmsWorkerDeps } from '../adapters/queue/sms.worker';
import { createDailyCap } from '../adapters/redis/daily-cap';
import type { TipsService } from '../phone/tips.service';
import type { SmsGateway, Store } from '../domain/ports';
import type { Sealer } from '../domain/privacy/sealing';
import type { Logger } from '../logger';

const DAY_MS = 24 * 3600_000;

export interface SmsWorkerWiring extends Omit<SmsWorkerDeps, 'cap' | 'config'> {
  /** For the per-caller daily counters. */
  redis: Redis;
  config: Pick<Config, 'SMS_DAILY_CAP_PER_CALLER' | 'SMS_RATE_PER_SECOND' | 'TIMEZONE'>;
}

/** The SMS worker with its daily cap in Redis (`<prefix>:sms-cap:…`). */
export function wireSmsWorker(w: SmsWorkerWiring): ReturnType<typeof createSmsWorker> {
  const { redis, ...rest } = w;
  const cap = createDailyCap(redis, {
    prefix: w.queues.prefix,
    name: 'sms-cap',
    perDay: w.config.SMS_DAILY_CAP_PER_CALLER,
    timeZone: w.config.TIMEZONE,
  });
  return createSmsWorker({ ...rest, cap });
}

export interface WorkerDeps {
  config: Config;
  logger: Logger;
  store: Store;
  /** For counters and markers (any connection; the workers open their own blocking ones). */
  redis: Redis;
  queues: Queues;
  /** Opens consented numbers (SMS); seals fetched recordings. */
  sealer: Pick<Sealer, 'seal' | 'open'>;
  tips: Pick<TipsService, 'dispatchWeeklyTips'>;
  /** Defaults to Africa's Talking when configured, else the logging stand-in. */
  gateway?: SmsGateway;
  /** Fetches a recording (default: over HTTP, 15 s at most); tests put a failing one in. */
  downloadRecording?: DownloadRecording;
  /** Overrides for all the workers (tests, bench). */
  workerOptions?: Partial<WorkerOptions>;
  /** How often the outbox is drained onto the SMS queue (default 30 s). */
  outboxDrainEveryMs?: number;
}

/** Waits for `p` at most `ms`; either way the caller goes on (p keeps running). */
async function withTimeoutOrContinue(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

export interface RunningWorkers {
  sms: Worker<SmsJob, SmsJobResult>;
  reports: Worker<ReportJob, { reportId: string }>;
  recordings: Worker<RecordingJob, { bytes: number }>;
  schedules: Worker<ScheduleJob, unknown, ScheduleJobName>;
  /** Lets running jobs finish, then closes the workers' connections. */
  close(): Promise<void>;
}

let current: RunningWorkers | null = null;

/** Starts the SMS, reports, recordings and schedules workers and registers the recurring jobs. */
export async function startWorkers(deps: WorkerDeps): Promise<RunningWorkers> {
  if (current) throw new Error('workers already started in this process');
  const { config, logger, store, queues } = deps;
  const log = logger.child({ component: 'workers' });
  const gateway = deps.gateway ?? createSmsGateway(config, logger);
  const workerId = `${hostname()}:${process.pid}`;

  const sms = wireSmsWorker({
    queues,
    redis: deps.redis,
    store,
    gateway,
    sealer: deps.sealer,
    config,
    logger,
    ...(deps.workerOptions ? { workerOptions: deps.workerOptions } : {}),
  });
  const reports = createReportWorker({
    queues,
    store,
    logger,
    ...(deps.workerOptions ? { workerOptions: deps.workerOptions } : {}),
  });
  // DATA_DIR is the API's: with `npm run worker` on another host it must be shared (as for the purge).
  const recordings = createRecordingWorker({
    queues,
    audio: createSealedReportAudioStore(join(config.DATA_DIR, REPORT_AUDIO_DIR), deps.sealer),
    download: deps.downloadRecording ?? createRecordingDownload(),
    logger,
    ...(deps.workerOptions ? { workerOptions: deps.workerOptions } : {}),
  });
  const schedules = createSchedulesWorker({
    queues,
    logger,
    handlers: {
      [SCHEDULE_JOBS.tipsDispatch]: () => deps.tips.dispatchWeeklyTips(),
      [SCHEDULE_JOBS.outboxDrain]: () =>
        drainOutbox({
          queue: queues.sms,
          store,
          logger,
          workerId,
          resendAfterMs: config.OUTBOX_RESEND_AFTER_MS,
        }),
      [SCHEDULE_JOBS.retentionPurge]: async () => {
        const now = new Date();
        const purged = await store.reports.purgeClosedBefore(
          new Date(now.getTime() - config.RETENTION_DAYS * DAY_MS),
          now,
        );
        // Spoken descriptions go with their report; a recording whose call never filed one, after a day.
        const audio = await sweepReportAudio(
          join(config.DATA_DIR, REPORT_AUDIO_DIR),
          async (sourceRef) => {
            const report = await store.reports.findBySourceRef(sourceRef);
            return report ? report.purgedAt === null : null;
          },
          new Date(now.getTime() - DAY_MS),
        );
        log.info({ purged, audio }, 'retention purge done');
        return { purged, audio };
      },
    },
    ...(deps.workerOptions ? { workerOptions: deps.workerOptions } : {}),
  });
  // Registering the recurring jobs needs Redis; when it is down at boot this completes once Redis is back,
  // and the process (and its USSD answers, when inline) does not wait for it.
  const registerSchedules = (): Promise<void> =>
    upsertSchedules(queues.schedules, {
      timeZone: config.TIMEZONE,
      outboxDrainEveryMs: deps.outboxDrainEveryMs ?? config.OUTBOX_DRAIN_EVERY_MS,
    }).catch((err: unknown) => {
      log.warn(
        { err: { message: err instanceof Error ? err.message : 'unknown' } },
        'recurring jobs not registered',
      );
    });
  await withTimeoutOrContinue(registerSchedules(), 2_000);
  // A Redis without persistence forgets the recurring jobs (the outbox drain among them) when it
  // restarts: register them again on every reconnect, a little later so the queue connection is up too.
  const onRedisReady = (): void => {
    setTimeout(() => void registerSchedules(), 500).unref();
  };
  deps.redis.on('ready', onRedisReady);

  const running: RunningWorkers = {
    sms,
    reports,
    recordings,
    schedules,
    async close() {
      // worker.close() waits for the jobs in progress; nothing new is taken meanwhile. Without Redis no job
      // can finish (its completion is written there) and a graceful close would wait for ever: force it;
      // a job cut short this way is retried once its lock expires.
      deps.redis.off('ready', onRedisReady);
      const force = deps.redis.status !== 'ready';
      if (force) log.warn('Redis is down: closing the workers without waiting for running jobs');
      await Promise.all([sms, reports, recordings, schedules].map((w) => w.close(force)));
      if (current === running) current = null;
    },
  };
  current = running;
  const gatewayName = config.SMS_GATEWAY ?? (config.AT_USERNAME ? 'africastalking' : 'log');
  log.info({ gateway: gatewayName }, 'workers started');
  return running;
}

/** Closes the workers started by `startWorkers` in this process (no-op when none run). */
export async function stopWorkers(): Promise<void> {
  if (current) await current.close();
}

/** The workers over the shared core services, with their job and SMS outcomes counted in `core.metrics`. */
export async function startInstrumentedWorkers(core: CoreServices): Promise<RunningWorkers> {
  const { config, logger, metrics } = core;
  const running = await startWorkers({
    ...core,
    gateway: instrumentSmsGateway(smppSmsGateway(core) ?? createSmsGateway(config, logger), metrics),
  });
  instrumentWorker(running.sms, metrics, 'sms');
  instrumentWorker(running.reports, metrics, 'reports', true);
  instrumentWorker(running.recordings, metrics, QUEUE_NAMES.recordings);
  instrumentWorker(running.schedules, metrics, 'schedules');
  return running;
}
