import { UnrecoverableError, Worker } from 'bullmq';
import type { Job, WorkerOptions } from 'bullmq';
import type { Config } from '../../config';
import type { SmsGateway, Store } from '../../domain/ports';
import type { Sealed } from '../../domain/shared/sealed';
import type { Logger } from '../../logger';
import type { DailyCap } from '../../domain/phone-ports';
import { QUEUE_NAMES } from './queues';
import type { Queues, SmsJob, SmsJobResult } from './queues';

export interface SmsWorkerDeps {
  queues: Pick<Queues, 'sms' | 'prefix' | 'workerConnection'>;
  /** SMS_DAILY_CAP_PER_CALLER, counted over job ids. */
  cap: DailyCap;
  store: Pick<Store, 'subscribers' | 'smsLog' | 'outbox'>;
  gateway: SmsGateway;
  sealer: { open(sealed: Sealed): string };
  config: Pick<Config, 'SMS_RATE_PER_SECOND'>;
  logger: Logger;
  clock?: () => Date;
  /** Overrides for tests and the bench (lockDuration, stalledInterval, concurrency, limiter…). */
  workerOptions?: Partial<WorkerOptions>;
}

/**
 * Sends queued SMS through the gateway. Before each send it re-checks the caller's opt-out (they may have
 * sent STOP after the job was queued) and the daily cap (replies to a person who just wrote to us are
 * exempt). Transient gateway failures throw, so BullMQ retries with backoff; permanent ones end the job.
 * A blacklisted number suppresses the caller; an empty balance pauses the whole queue until an operator
 * resumes it from the dashboard, and the job is retried after that.
 */
export function createSmsWorker(deps: SmsWorkerDeps): Worker<SmsJob, SmsJobResult> {
  const log = deps.logger.child({ component: 'sms-worker' });
  const clock = deps.clock ?? (() => new Date());
  const { cap } = deps;

  const send = async (job: Job<SmsJob, SmsJobResult>): Promise<SmsJobResult> => {
    const { data } = job;
    const jobId = job.id ?? 'unknown';
    const now = clock();
    if (!data.ignoreSuppression && (await deps.store.subscribers.isSuppressed(data.callerKey))) {
      log.info({ jobId, kind: data.kind }, 'SMS skipped: caller opted out');
      return { status: 'skipped', reason: 'suppressed' };
    }
    if (data.kind !== 'reply' && !(await cap.allow(data.callerKey, jobId, now))) {
      log.warn({ jobId, kind: data.kind }, 'SMS skipped: daily cap reached for this caller');
      return { status: 'skipped', reason: 'daily_cap' };
    }
    let to: string;
    try {
      to = deps.sealer.open(data.sealedTo);
    } catch {
      throw new UnrecoverableError('sealed number cannot be opened');
    }

    const result = await deps.gateway.send(to, data.text);
    switch (result.outcome) {
      case 'accepted':
        await deps.store.smsLog.recordSent({
          messageId: result.messageId,
          jobId,
          callerKey: data.callerKey,
          status: 'Sent',
          at: clock(),
        });
        return { status: 'sent', messageId: result.messageId };
      case 'transient':
        throw new Error(`transient gateway failure: ${result.reason}`);
      case 'permanent':
        throw new UnrecoverableError(`permanent gateway failure: ${result.reason}`);
      case 'blacklisted':
        await deps.store.subscribers.suppress(data.callerKey, 'blacklisted', clock());
        throw new UnrecoverableError('recipient blacklisted by the operator; caller suppressed');
      case 'insufficient_balance':
        await deps.queues.sms.pause();
        log.error(
          { alert: 'sms_insufficient_balance', jobId },
          'SMS gateway balance exhausted: sms queue paused; top up, then resume it from the dashboard',
        );
        throw new Error('insufficient gateway balance; queue paused');
    }
  };

  /** The job is done for good: its outbox row (the copy kept in case Redis loses the job) can go. */
  const forget = async (job: Job<SmsJob, SmsJobResult>): Promise<void> => {
    if (!job.data.dedupeKey) return;
    try {
      await deps.store.outbox.removeByDedupeKey(job.data.dedupeKey);
    } catch (err) {
      // The drainer will queue it again later; the job id makes that a no-op while Redis keeps the job.
      log.warn(
        { err: { message: err instanceof Error ? err.message : 'unknown' } },
        'outbox row not removed',
      );
    }
  };
  const handle = async (job: Job<SmsJob, SmsJobResult>): Promise<SmsJobResult> => {
    try {
      const result = await send(job);
      await forget(job);
      return result;
    } catch (err) {
      if (err instanceof UnrecoverableError) await forget(job);
      throw err;
    }
  };

  const worker = new Worker<SmsJob, SmsJobResult>(QUEUE_NAMES.sms, handle, {
    connection: deps.queues.workerConnection(),
    prefix: deps.queues.prefix,
    concurrency: 4,
    limiter: { max: deps.config.SMS_RATE_PER_SECOND, duration: 1000 },
    ...deps.workerOptions,
  });
  worker.on('failed', (job, err) => {
    log.warn(
      { jobId: job?.id, kind: job?.data.kind, attemptsMade: job?.attemptsMade, reason: err.message },
      'SMS job attempt failed',
    );
  });
  worker.on('error', (err) => log.error({ err: { message: err.message } }, 'sms worker error'));
  return worker;
}
