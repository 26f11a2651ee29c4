import type { Redis } from 'ioredis';
import type { Logger } from '../../logger';
import { BoundedCache } from '../../phone/bounded-cache';
import type { CachedHopAnswer, HopAnswerCache } from '../../phone/hop-answers';

/** A gateway retries within seconds; a session lasts minutes. */
const TTL_SECONDS = 300;

/**
 * The answers already given to a session-style gateway, by (session, sequence, caller key): a retried
 * request gets the same answer and the hop is not run again (its input would be counted twice). Redis
 * holds the copy other instances read; each instance keeps its own too, and joins a retry that arrives
 * while the first request is still being answered.
 */
export function createHopAnswerCache(redis: Redis, logger: Logger, prefix: string): HopAnswerCache {
  const local = new BoundedCache<CachedHopAnswer>(20_000, TTL_SECONDS * 1000);
  const inFlight = new Map<string, Promise<CachedHopAnswer>>();
  const redisKey = (key: string): string => `${prefix}:hop-answer:${key}`;

  const read = async (key: string): Promise<CachedHopAnswer | null> => {
    try {
      const raw = await redis.get(redisKey(key));
      if (raw) {
        const parsed = JSON.parse(raw) as Partial<CachedHopAnswer>;
        if ((parsed.kind === 'CON' || parsed.kind === 'END') && typeof parsed.text === 'string') {
          return { kind: parsed.kind, text: parsed.text };
        }
      }
    } catch (err) {
      logger.debug({ err }, 'hop answer cache unavailable');
    }
    return local.get(key, Date.now()) ?? null;
  };

  const run = async (key: string, answer: () => Promise<CachedHopAnswer>): Promise<CachedHopAnswer> => {
    const cached = await read(key);
    if (cached) return cached;
    const fresh = await answer();
    local.set(key, fresh, Date.now());
    try {
      await redis.set(redisKey(key), JSON.stringify(fresh), 'EX', TTL_SECONDS);
    } catch (err) {
      logger.debug({ err }, 'could not keep hop answer');
    }
    return fresh;
  };

  return {
    once(key, answer) {
      const pending = inFlight.get(key);
      if (pending) return pending;
      const p = run(key, answer).finally(() => inFlight.delete(key));
      inFlight.set(key, p);
      return p;
    },
  };
}
