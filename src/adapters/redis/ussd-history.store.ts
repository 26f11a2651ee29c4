import type { Redis } from 'ioredis';
import type { SessionHistory, SessionHistoryStore } from '../../domain/session-ports';
import type { Logger } from '../../logger';

const TTL_SECONDS = 600;

/**
 * The exact inputs of a phone session in Redis (the shared copy; the hop service keeps a per-instance one).
 * Best effort: without Redis the hop service falls back to its own copy or to segmentation.
 */
export function createUssdHistoryStore(redis: Redis, logger: Logger, prefix: string): SessionHistoryStore {
  const key = (sessionId: string): string => `${prefix}:ussd:${sessionId}`;
  return {
    async get(sessionId) {
      try {
        const raw = await redis.get(key(sessionId));
        if (!raw) return null;
        const parsed = JSON.parse(raw) as Partial<SessionHistory>;
        return typeof parsed.text === 'string' && Array.isArray(parsed.inputs)
          ? { text: parsed.text, inputs: parsed.inputs.filter((i): i is string => typeof i === 'string') }
          : null;
      } catch (err) {
        logger.debug({ err }, 'ussd history unavailable');
        return null;
      }
    },
    async set(sessionId, h) {
      try {
        await redis.set(key(sessionId), JSON.stringify(h), 'EX', TTL_SECONDS);
      } catch (err) {
        logger.debug({ err }, 'could not keep ussd history');
      }
    },
  };
}
