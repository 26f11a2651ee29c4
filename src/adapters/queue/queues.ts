import { Queue } from 'bullmq';
import type { DefaultJobOptions, RedisOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { NewReport } from '../../domain/reports/report';
import type { Logger } from '../../logger';

/** The one place that names the queues and says what their jobs carry. */
export const QUEUE_NAMES = {
  sms: 'sms',
  reports: 'reports',
  schedules: 'schedules',
  recordings: 'voice-recordings',
} as const;

export { SMS_KINDS } from '../../domain/sms/sms-job';
import type { SmsJob } from '../../domain/sms/sms-job';
export type { SmsJob, SmsKind } from '../../domain/sms/sms-job';

/** What an SMS job ended with when it did not throw. */
export type SmsJobResult =
  { status: 'sent'; messageId: string } | { status: 'skipped'; reason: 'suppressed' | 'daily_cap' };

/** A report to write to the store; dates travel as ISO strings (job data is JSON). */
export interface ReportJob {
  report: Omit<NewReport, 'createdAt'> & { createdAt: string };
}

/**
 * A caller's spoken answer to fetch from the voice gateway and keep sealed under the sourceRef its report
 * carries. The URL lives in Redis only while the job does (never in a log).
 */
export interface RecordingJob {
  sourceRef: string;
  url: string;
}

export const SCHEDULE_JOBS = {
  tipsDispatch: 'tips-dispatch',
  outboxDrain: 'outbox-drain',
  retentionPurge: 'retention-purge',
} as const;
export type ScheduleJobName = (typeof SCHEDULE_JOBS)[keyof typeof SCHEDULE_JOBS];
export type ScheduleJob = Record<string, never>;

export interface Queues {
  sms: Queue<SmsJob, SmsJobResult>;
  reports: Queue<ReportJob>;
  schedules: Queue<ScheduleJob, unknown, ScheduleJobName>;
  recordings: Queue<RecordingJob>;
  prefix: string;
  /** Resolves once the producer connection is up (or rejects after `timeoutMs`). */
  ready(timeoutMs?: number): Promise<void>;
  /** Options for a Worker's own connections (blocking commands need no per-request retry limit). */
  workerConnection(): RedisOptions;
}

export interface QueueTuning {
  /** SMS attempts in all (first try included). */
  smsAttempts?: number;
  /** Base of the exponential backoff between SMS attempts. */
  smsBackoffMs?: number;
  /** Recording fetch attempts in all, and the base of their exponential backoff. */
  recordingAttempts?: number;
  recordingBackoffMs?: number;
  logger?: Logger;
}

const DAY_SECONDS = 24 * 3600;

/**
 * Completed SMS jobs are kept a day: their ids are the dedupe keys, so a repeat of the same request within
 * that day is ignored by BullMQ. Failed ones are kept a week for the dashboard.
 */
export function smsJobOptions(t: QueueTuning = {}): DefaultJobOptions {
  return {
    attempts: t.smsAttempts ?? 6,
    backoff: { type: 'exponential', delay: t.smsBackoffMs ?? 30_000 },
    removeOnComplete: { age: DAY_SECONDS, count: 100_000 },
    removeOnFail: { age: 7 * DAY_SECONDS },
  };
}

/** BullMQ refuses `:` in custom job ids; dedupe keys use it as a separator. */
export function jobIdFor(dedupeKey: string): string {
  return dedupeKey.replaceAll(':', '|');
}

const producers = new WeakMap<Queues, Redis>();

/**
 * The three queues over one producer connection of their own, duplicated from `connection` with the
 * offline queue off: when Redis is down an add fails at once instead of waiting, and the caller falls
 * back to the store's outbox. `connection` itself stays the caller's to close.
 */
export function createQueues(connection: Redis, prefix: string, tuning: QueueTuning = {}): Queues {
  const producer = connection.duplicate({ enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  const onError = (err: Error): void => {
    tuning.logger?.warn({ err: { message: err.message } }, 'queue connection error');
  };
  producer.on('error', onError);
  const common = { connection: producer, prefix } as const;
  const sms = new Queue<SmsJob, SmsJobResult>(QUEUE_NAMES.sms, {
    ...common,
    defaultJobOptions: smsJobOptions(tuning),
  });
  const reports = new Queue<ReportJob>(QUEUE_NAMES.reports, {
    ...common,
    defaultJobOptions: {
      attempts: 10,
      backoff: { type: 'exponential', delay: 5_000 },
      removeOnComplete: { age: DAY_SECONDS },
      removeOnFail: { age: 30 * DAY_SECONDS },
    },
  });
  const schedules = new Queue<ScheduleJob, unknown, ScheduleJobName>(QUEUE_NAMES.schedules, {
    ...common,
    defaultJobOptions: { removeOnComplete: { count: 100 }, removeOnFail: { count: 500 } },
  });
  // A gateway keeps a recording a while, not for ever: a few tries over about ten minutes, then given up
  // (the report keeps its marker text). Finished jobs go at once, so the URL does not linger in Redis.
  const recordings = new Queue<RecordingJob>(QUEUE_NAMES.recordings, {
    ...common,
    defaultJobOptions: {
      attempts: tuning.recordingAttempts ?? 6,
      backoff: { type: 'exponential', delay: tuning.recordingBackoffMs ?? 10_000 },
      removeOnComplete: true,
      removeOnFail: { age: DAY_SECONDS },
    },
  });
  for (const q of [sms, reports, schedules, recordings]) q.on('error', onError);

  const queues: Queues = {
    sms,
    reports,
    schedules,
    recordings,
    prefix,
    async ready(timeoutMs = 5_000) {
      if (producer.status === 'ready') return;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          producer.off('ready', onReady);
          reject(new Error(`Redis not ready after ${timeoutMs} ms`));
        }, timeoutMs);
        const onReady = (): void => {
          clearTimeout(timer);
          resolve();
        };
        producer.once('ready', onReady);
      });
    },
    workerConnection() {
      return { ...connection.options, maxRetriesPerRequest: null, enableOfflineQueue: true } as RedisOptions;
    },
  };
  producers.set(queues, producer);
  return queues;
}

/** Every queue, for the dashboard, the depth metrics and closing. */
export function allQueues(q: Queues): Queue[] {
  return [q.sms, q.reports, q.schedules, q.recordings];
}

/** Closes the queues and their producer connection (not the connection they were created from). */
export async function closeQueues(queues: Queues): Promise<void> {
  await Promise.allSettled(allQueues(queues).map((q) => q.close()));
  const producer = producers.get(queues);
  if (producer && producer.status !== 'end') {
    await producer.quit().catch(() => producer.disconnect());
  }
}
