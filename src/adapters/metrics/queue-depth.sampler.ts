import type { Logger } from '../../logger';
import type { Metrics } from './metrics';

/** The states reported for every queue (BullMQ's names). */
export const QUEUE_STATES = [
  'waiting',
  'active',
  'delayed',
  'prioritized',
  'paused',
  'failed',
  'completed',
] as const;

/** What the sampler needs of a queue: BullMQ's `Queue` has it. */
export interface CountableQueue {
  readonly name: string;
  getJobCounts(...states: string[]): Promise<Record<string, number>>;
}

const DEFAULT_TIMEOUT_MS = 1_000;

async function countsWithin(queue: CountableQueue, timeoutMs: number): Promise<Record<string, number>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([queue.getJobCounts(...QUEUE_STATES), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Sets `tanga_queue_jobs{queue,state}` from Redis at scrape time. A queue whose counts cannot be read
 * (Redis down or slow) loses its series instead of keeping stale numbers, so an alert on `absent()` or on
 * readiness fires rather than a flat line that looks healthy; the scrape itself still succeeds.
 */
export async function sampleQueueDepths(
  queues: readonly CountableQueue[],
  metrics: Pick<Metrics, 'queueDepth'>,
  opts: { timeoutMs?: number; logger?: Logger } = {},
): Promise<void> {
  await Promise.all(
    queues.map(async (queue) => {
      try {
        const counts = await countsWithin(queue, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
        for (const state of QUEUE_STATES) {
          metrics.queueDepth.set({ queue: queue.name, state }, counts[state] ?? 0);
        }
      } catch (err) {
        for (const state of QUEUE_STATES) metrics.queueDepth.remove({ queue: queue.name, state });
        opts.logger?.debug(
          { queue: queue.name, err: { message: err instanceof Error ? err.message : String(err) } },
          'queue depth not sampled',
        );
      }
    }),
  );
}
