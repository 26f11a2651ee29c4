import type { Queue } from 'bullmq';
import type { ReportQueue } from '../../domain/phone-ports';
import type { NewReport } from '../../domain/reports/report';
import { withTimeout } from '../deadline';
import { jobIdFor, type ReportJob } from './queues';

export function toReportJob(report: NewReport): ReportJob {
  return { report: { ...report, createdAt: report.createdAt.toISOString() } };
}

export function fromReportJob(job: ReportJob): NewReport {
  return { ...job.report, createdAt: new Date(job.report.createdAt) };
}

/** The job id of a report: its sourceRef, so a repeated submission is one job. */
export function reportJobId(sourceRef: string): string {
  return jobIdFor(`report:${sourceRef}`);
}

/** Runs a queue add under a deadline (the Redis breaker's `run`, or a plain timeout). */
export type QueueGuard = <T>(add: () => Promise<T>) => Promise<T>;

export const deadlineGuard =
  (ms: number): QueueGuard =>
  <T>(add: () => Promise<T>) =>
    withTimeout(add(), ms);

/** The report queue port on BullMQ's `reports` queue. */
export function createBullReportQueue(queue: Queue<ReportJob>, guard: QueueGuard): ReportQueue {
  return {
    async add(report) {
      await guard(() => queue.add('report', toReportJob(report), { jobId: reportJobId(report.sourceRef) }));
    },
  };
}
