import { Worker } from 'bullmq';
import type { WorkerOptions } from 'bullmq';
import type { ReportAudioStore } from '../../domain/voice/report-audio';
import type { Logger } from '../../logger';
import { QUEUE_NAMES } from './queues';
import type { Queues, RecordingJob } from './queues';

export interface RecordingWorkerDeps {
  queues: Pick<Queues, 'prefix' | 'workerConnection'>;
  audio: Pick<ReportAudioStore, 'put'>;
  /** One try at the gateway's URL (src/adapters/voice/recording-download.ts); throws to be retried. */
  download: (url: string) => Promise<Buffer>;
  logger: Logger;
  clock?: () => Date;
  workerOptions?: Partial<WorkerOptions>;
}

/**
 * Fetches a caller's spoken answer and keeps it sealed under its report's sourceRef. A failed try throws
 * and the queue retries with backoff. Logs carry the job id and attempt, never the URL or the audio.
 */
export function createRecordingWorker(deps: RecordingWorkerDeps): Worker<RecordingJob, { bytes: number }> {
  const log = deps.logger.child({ component: 'recording-worker' });
  const clock = deps.clock ?? (() => new Date());
  const worker = new Worker<RecordingJob, { bytes: number }>(
    QUEUE_NAMES.recordings,
    async (job) => {
      const audio = await deps.download(job.data.url);
      await deps.audio.put(job.data.sourceRef, audio, clock());
      return { bytes: audio.length };
    },
    { connection: deps.queues.workerConnection(), prefix: deps.queues.prefix, ...deps.workerOptions },
  );
  worker.on('failed', (job, err) =>
    log.warn(
      { jobId: job?.id, attemptsMade: job?.attemptsMade, reason: err.message },
      'voice recording not fetched',
    ),
  );
  worker.on('error', (err) => log.error({ err: { message: err.message } }, 'recording worker error'));
  return worker;
}
