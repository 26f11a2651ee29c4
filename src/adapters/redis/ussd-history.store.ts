import type { Redis } from 'ioredis';
import type { Logger } from '../../logger';

/**
 * The exact inputs of a USSD session, so a free-text answer containing `*` is split where the caller
 * really pressed "send". Best effort: without Redis the engine's stateless segmentation is used.
 */
export interface UssdHistory {
  text: string;
  inputs: string[];
}

export interface UssdHistoryStore {
  get(sessionId: string): Promise<UssdHistory | null>;
  set(sessionId: string, h: UssdHistory): Promise<void>;
}

const TTL_SECONDS = 600;

export function createUssdHistoryStore(redis: Redis, logger: Logger, prefix: string): UssdHistoryStore {
  const key = (sessionId: string): string => `${prefix}:ussd:${sessionId}`;
  return {
    async get(sessionId) {
      try {
        const raw = await redis.get(key(sessionId));
        if (!raw) return null;
        const parsed = JSON.parse(raw) as Partial<UssdHistory>;
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

/**
 * The inputs for `text`, given what was seen on the previous hop: the previous inputs plus the new tail.
 * Null when the history does not explain `text` (then the caller falls back to segmentation).
 */
export function extendHistory(prev: UssdHistory | null, text: string): string[] | null {
  if (text === '') return [];
  if (!prev) return null;
  if (prev.text === text) return prev.inputs;
  if (prev.text === '') return [text];
  if (text.startsWith(`${prev.text}*`)) return [...prev.inputs, text.slice(prev.text.length + 1)];
  return null;
}
