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
}

export interface DrainResult {
  moved: number;
  /** Claimed but handed back because Redis failed again. */
  released: number;
}

/**
 * Moves due outbox messages (written while Redis was down) onto the SMS queue: claim, add with the same
 * job id the sender would have used (so a message that did reach the queue is not sent twice), then
 * remove. If the add fails, the message is handed back (removed and written again, unclaimed) and the
 * drain stops until the next run.
 */
export async function drainOutbox(deps: DrainOutboxDeps, now: Date = new Date()): Promise<DrainResult> {
  const batchSize = deps.batchSize ?? 100;
  const timeoutMs = deps.enqueueTimeoutMs ?? 2_000;
  const result: DrainResult = { moved: 0, released: 0 };
  for (;;) {
    const batch = await deps.store.outbox.claim(deps.workerId, now, batchSize);
    for (const [i, message] of batch.entries()) {
      try {
        await withTimeout(addToQueue(deps.queue, message, now), timeoutMs);
        await deps.store.outbox.remove(message.id);
        result.moved += 1;
      } catch (err) {
        for (const unsent of batch.slice(i)) await release(deps.store, unsent);
        result.released += batch.length - i;
        deps.logger.warn(
          { err: { message: err instanceof Error ? err.message : 'unknown' }, released: batch.length - i },
          'outbox drain stopped: SMS queue unavailable',
        );
        return result;
      }
    }
    if (batch.length < batchSize) break;
  }
  if (result.moved > 0) deps.logger.info({ moved: result.moved }, 'outbox drained onto the SMS queue');
  return result;
}

async function addToQueue(queue: Queue<SmsJob, SmsJobResult>, m: OutboxMessage, now: Date): Promise<void> {
  const payload = decodeOutboxText(m.text);
  const job: SmsJob = { ...payload, callerKey: m.callerKey, sealedTo: m.sealedTo, dedupeKey: m.dedupeKey };
  const delay = Math.max(0, m.notBefore.getTime() - now.getTime());
  await queue.add(job.kind, job, { jobId: jobIdFor(m.dedupeKey), delay });
}

async function release(store: Pick<Store, 'outbox'>, m: OutboxMessage): Promise<void> {
  await store.outbox.remove(m.id);
  await store.outbox.enqueue({
    dedupeKey: m.dedupeKey,
    callerKey: m.callerKey,
    sealedTo: m.sealedTo,
    text: m.text,
    notBefore: m.notBefore,
    createdAt: m.createdAt,
  });
}
