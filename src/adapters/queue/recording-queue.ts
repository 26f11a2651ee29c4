/**
 * The voice route's side of a spoken answer: it only puts the recording on the `voice-recordings` queue;
 * a worker fetches and seals it (recording.worker.ts), so a restart of the API loses
 * nothing. Never logs the URL.
 */
import { createHash } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { Logger } from '../../logger';
import type { RecordingJob } from './queues';
import { deadlineGuard, type QueueGuard } from './report-queue';

export interface RecordingQueue {
  /** True once the job is in Redis; false when Redis cannot take it (the report keeps its marker text). */
  accept(sourceRef: string, url: string): Promise<boolean>;
}

/**
 * The job id is a digest of (sourceRef, url): a callback the gateway repeats adds nothing, a new take of
 * the same answer is a new job. Neither the URL nor the sourceRef shows in the id.
 */
export const recordingJobId = (sourceRef: string, url: string): string =>
  `rec-${createHash('sha256').update(`${sourceRef}\n${url}`, 'utf8').digest('hex').slice(0, 32)}`;

/** `guard`: the Redis breaker's deadline, as for a hop's other adds (the caller is on the line). */
export function createRecordingQueue(
  queue: Pick<Queue<RecordingJob>, 'add'>,
  logger: Logger,
  guard: QueueGuard = deadlineGuard(1_500),
): RecordingQueue {
  const log = logger.child({ component: 'voice-recordings' });
  return {
    async accept(sourceRef, url) {
      try {
        await guard(() => queue.add('fetch', { sourceRef, url }, { jobId: recordingJobId(sourceRef, url) }));
        return true;
      } catch (err) {
        log.warn(
          { err: { message: err instanceof Error ? err.message : 'unknown' } },
          'voice recording not queued: the report keeps its marker text',
        );
        return false;
      }
    },
  };
}
