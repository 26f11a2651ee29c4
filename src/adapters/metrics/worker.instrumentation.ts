import type { Job, Worker } from 'bullmq';
import type { Metrics } from './metrics';

/** A reports-queue job carries the report; only its channel is read here. */
function reportChannel(job: { data: unknown }): string | null {
  const data: unknown = job.data;
  if (typeof data !== 'object' || data === null || !('report' in data)) return null;
  const report: unknown = data.report;
  if (typeof report !== 'object' || report === null || !('channel' in report)) return null;
  return typeof report.channel === 'string' ? report.channel : null;
}

/**
 * Counts what a worker's jobs end with, in this process's registry: `tanga_jobs_total{queue,outcome}` with
 * outcome `completed`, `retried` (an attempt failed, another is scheduled), `failed` (no attempt left, or
 * unrecoverable) or `stalled`. A completed job of the reports queue is also a report stored through the
 * queue: `tanga_reports_created_total{channel,path="queue"}`. Call once per worker, where workers run
 * (the API process with WORKERS=inline, or `npm run worker`).
 */
export function instrumentWorker<D, R, N extends string>(
  worker: Worker<D, R, N>,
  metrics: Metrics,
  queueName: string,
  /** Its completed jobs are reports stored through the queue (the `reports` queue). */
  countsReports = false,
): void {
  worker.on('completed', (job: Job<D, R, N>) => {
    metrics.jobOutcomes.inc({ queue: queueName, outcome: 'completed' });
    if (countsReports) {
      const channel = reportChannel(job);
      if (channel) metrics.reportsCreated.inc({ channel, path: 'queue' });
    }
  });
  worker.on('failed', (job: Job<D, R, N> | undefined) => {
    // BullMQ sets finishedOn only when the job moves to failed for good; a retry leaves it unset.
    const outcome = job && !job.finishedOn ? 'retried' : 'failed';
    metrics.jobOutcomes.inc({ queue: queueName, outcome });
  });
  worker.on('stalled', () => {
    metrics.jobOutcomes.inc({ queue: queueName, outcome: 'stalled' });
  });
}
