import type { Queue } from 'bullmq';
import type { Store } from '../../domain/ports';
import type { NewReport } from '../../domain/reports/report';
import type { Logger } from '../../logger';
import { jobIdFor } from './queues';
import type { ReportJob } from './queues';
import { toReportJob } from './report.worker';
import { withTimeout } from './sms-sender.service';

export interface ReportSubmitter {
  /** Queues the report (job id from sourceRef); writes it straight to the store when Redis is down. */
  submit(report: NewReport): Promise<{ via: 'queue' | 'store' }>;
}

/**
 * A report whose code was shown to the caller must never be lost: the queue is tried first (the USSD
 * path does not wait on the store), and when Redis does not take the job in time the report is written
 * to the store directly. Both paths are idempotent on sourceRef, so a job that did reach Redis after all
 * only finds the report already there.
 */
export function createReportSubmitter(deps: {
  queue: Queue<ReportJob>;
  store: Pick<Store, 'reports'>;
  logger: Logger;
  enqueueTimeoutMs?: number;
}): ReportSubmitter {
  const timeoutMs = deps.enqueueTimeoutMs ?? 1_500;
  return {
    async submit(report) {
      try {
        await withTimeout(
          deps.queue.add('report', toReportJob(report), { jobId: jobIdFor(`report:${report.sourceRef}`) }),
          timeoutMs,
        );
        return { via: 'queue' };
      } catch (err) {
        deps.logger.warn(
          { err: { message: err instanceof Error ? err.message : 'unknown' } },
          'report queue unavailable: writing the report to the store directly',
        );
      }
      await deps.store.reports.create(report);
      return { via: 'store' };
    },
  };
}
