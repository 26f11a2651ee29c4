import { Worker } from 'bullmq';
import type { WorkerOptions } from 'bullmq';
import type { Store } from '../../domain/ports';
import type { Logger } from '../../logger';
import { QUEUE_NAMES } from './queues';
import type { Queues, ReportJob } from './queues';
import { fromReportJob } from './report-queue';

export { fromReportJob, toReportJob } from './report-queue';

export interface ReportWorkerDeps {
  queues: Pick<Queues, 'prefix' | 'workerConnection'>;
  store: Pick<Store, 'reports'>;
  logger: Logger;
  workerOptions?: Partial<WorkerOptions>;
}

/** Writes queued reports to the store; `create` is idempotent on sourceRef, so a retried job is harmless. */
export function createReportWorker(deps: ReportWorkerDeps): Worker<ReportJob, { reportId: string }> {
  const log = deps.logger.child({ component: 'report-worker' });
  const worker = new Worker<ReportJob, { reportId: string }>(
    QUEUE_NAMES.reports,
    async (job) => {
      const report = await deps.store.reports.create(fromReportJob(job.data));
      return { reportId: report.id };
    },
    { connection: deps.queues.workerConnection(), prefix: deps.queues.prefix, ...deps.workerOptions },
  );
  worker.on('failed', (job, err) =>
    log.error({ jobId: job?.id, attemptsMade: job?.attemptsMade, reason: err.message }, 'report job failed'),
  );
  worker.on('error', (err) => log.error({ err: { message: err.message } }, 'report worker error'));
  return worker;
}
