import type { Queue } from 'bullmq';
import type { OutboxMessage, Store } from '../../domain/ports';
import type { Logger } from '../../logger';
import { decodeOutboxText } from '../../domain/sms/outbox-payload';
import { jobIdFor } from './queues';
import type { SmsJob, SmsJobResult } from './queues';
import { withTimeout } from '../deadline';

export interface DrainOutboxDeps {
  queue: Queue<SmsJob, SmsJobResult>;
  store: Pick<Store, 'outbox'>;
  logger: Logger;
  /** Who claims the messages (host and pid, say). */
  workerId: string;
  batchSize?: number;
  enqueueTimeoutMs?: number;
  /** How long a queued message waits before it is queued again if still unsent (OUTBOX_RESEND_AFTER_MS). */
  resendAfterMs?: number;
}

export interface DrainResult {
  /** Put on the queue (or found there still waiting) and kept, due again after resendAfterMs. */
  moved: number;
  /** Claimed but handed back because Redis failed again. */
  released: number;
}

/**
 * Puts due outbox messages onto the SMS queue: claim, add with the same job id the sender used (a no-op
 * while Redis still holds the job), then hand the row back due again `resendAfterMs` later. The row stays
 * until the SMS worker removes it when the job ends, so a job that a Redis without persistence loses after
 * this add is queued again too. A row whose job Redis says has already ended (the worker could not remove
 * it) is removed here. If an add fails, the rest of the batch is handed back as it was and the drain stops
 * until the next run.
 */
export async function drainOutbox(deps: DrainOutboxDeps, now: Date = new Date()): Promise<DrainResult> {
  const batchSize = deps.batchSize ?? 100;
  const timeoutMs = deps.enqueueTimeoutMs ?? 2_000;
  const resendAfterMs = deps.resendAfterMs ?? 60_000;
  const result: DrainResult = { moved: 0, released: 0 };
  for (;;) {
    const batch = await deps.store.outbox.claim(deps.workerId, now, batchSize);
    for (const [i, message] of batch.entries()) {
      let ended: boolean;
      try {
        ended = await withTimeout(addToQueue(deps.queue, message, now), timeoutMs);
      } catch (err) {
        for (const unsent of batch.slice(i)) await deps.store.outbox.release(unsent.id, unsent.notBefore);
        result.released += batch.length - i;
        deps.logger.warn(
          { err: { message: err instanceof Error ? err.message : 'unknown' }, released: batch.length - i },
          'outbox drain stopped: SMS queue unavailable',
        );
        return result;
      }
      if (ended) await deps.store.outbox.remove(message.id);
      else await deps.store.outbox.release(message.id, new Date(now.getTime() + resendAfterMs));
      result.moved += 1;
    }
    if (batch.length < batchSize) break;
  }
  if (result.moved > 0) deps.logger.info({ moved: result.moved }, 'outbox drained onto the SMS queue');
  return result;
}

/** Adds the message's job (a no-op when Redis holds it); true when that job has already ended. */
async function addToQueue(queue: Queue<SmsJob, SmsJobResult>, m: OutboxMessage, now: Date): Promise<boolean> {
  const payload = decodeOutboxText(m.text);
  const job: SmsJob = { ...payload, callerKey: m.callerKey, sealedTo: m.sealedTo, dedupeKey: m.dedupeKey };
  const jobId = jobIdFor(m.dedupeKey);
  const delay = Math.max(0, m.notBefore.getTime() - now.getTime());
  await queue.add(job.kind, job, { jobId, delay });
  const state = await queue.getJobState(jobId);
  return state === 'completed' || state === 'failed';
}
