import { Worker } from 'bullmq';
import type { Queue, WorkerOptions } from 'bullmq';
import type { Logger } from '../../logger';
import { QUEUE_NAMES, SCHEDULE_JOBS } from './queues';
import type { Queues, ScheduleJob, ScheduleJobName } from './queues';
import { scheduleWeeklyTips } from './tips.schedule';

export type ScheduleHandlers = Record<ScheduleJobName, () => Promise<unknown>>;

export interface SchedulesWorkerDeps {
  queues: Pick<Queues, 'prefix' | 'workerConnection'>;
  handlers: ScheduleHandlers;
  logger: Logger;
  workerOptions?: Partial<WorkerOptions>;
}

/** Runs the recurring jobs by name; their results (counts only) end up in the dashboard. */
export function createSchedulesWorker(
  deps: SchedulesWorkerDeps,
): Worker<ScheduleJob, unknown, ScheduleJobName> {
  const log = deps.logger.child({ component: 'schedules-worker' });
  const worker = new Worker<ScheduleJob, unknown, ScheduleJobName>(
    QUEUE_NAMES.schedules,
    (job) => deps.handlers[job.name](),
    { connection: deps.queues.workerConnection(), prefix: deps.queues.prefix, ...deps.workerOptions },
  );
  worker.on('failed', (job, err) =>
    log.error({ job: job?.name, reason: err.message }, 'scheduled job failed'),
  );
  worker.on('error', (err) => log.error({ err: { message: err.message } }, 'schedules worker error'));
  return worker;
}

export interface ScheduleTiming {
  timeZone: string;
  /** How often the outbox is drained onto the SMS queue. */
  outboxDrainEveryMs?: number;
}

/** Registers every recurring job (idempotent: an existing scheduler is updated, not duplicated). */
export async function upsertSchedules(
  schedules: Queue<ScheduleJob, unknown, ScheduleJobName>,
  timing: ScheduleTiming,
): Promise<void> {
  await scheduleWeeklyTips(schedules, timing.timeZone);
  await schedules.upsertJobScheduler(
    SCHEDULE_JOBS.outboxDrain,
    { every: timing.outboxDrainEveryMs ?? 30_000 },
    { name: SCHEDULE_JOBS.outboxDrain, data: {} },
  );
  await schedules.upsertJobScheduler(
    SCHEDULE_JOBS.retentionPurge,
    { pattern: '0 3 * * *', tz: timing.timeZone },
    { name: SCHEDULE_JOBS.retentionPurge, data: {} },
  );
}
