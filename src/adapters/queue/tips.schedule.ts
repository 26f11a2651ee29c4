import type { Queue } from 'bullmq';
import { SCHEDULE_JOBS } from './queues';
import type { ScheduleJob, ScheduleJobName } from './queues';

/** Mondays at 09:00 in the service's zone; each message still waits for its subscriber's safe hours. */
export const WEEKLY_TIPS_PATTERN = '0 9 * * 1';

/** Registers (or updates) the weekly job scheduler on the schedules queue. */
export async function scheduleWeeklyTips(
  schedules: Queue<ScheduleJob, unknown, ScheduleJobName>,
  timeZone: string,
): Promise<void> {
  await schedules.upsertJobScheduler(
    SCHEDULE_JOBS.tipsDispatch,
    { pattern: WEEKLY_TIPS_PATTERN, tz: timeZone },
    { name: SCHEDULE_JOBS.tipsDispatch, data: {} },
  );
}
