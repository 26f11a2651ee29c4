import type { Queue } from 'bullmq';
import type { SmsQueue } from '../../domain/phone-ports';
import { jobIdFor, type SmsJob, type SmsJobResult } from './queues';
import type { QueueGuard } from './report-queue';

/** The SMS queue port on BullMQ's `sms` queue: the dedupe key is the job id. */
export function createBullSmsQueue(queue: Queue<SmsJob, SmsJobResult>, guard: QueueGuard): SmsQueue {
  return {
    jobIdOf: jobIdFor,
    async add(job, delayMs) {
      await guard(() => queue.add(job.kind, job, { jobId: jobIdFor(job.dedupeKey), delay: delayMs }));
    },
  };
}
