/**
 * Whether a voice caller accepted French where a Bambara prompt is missing (chosen on the voice language
 * menu), under the caller key. Redis trouble means "not accepted": the caller then hears only Bambara.
 */
import type { Redis } from 'ioredis';
import type { FrenchFallbackStore } from '../../domain/voice/french-fallback';
import type { Logger } from '../../logger';

const TTL_SECONDS = 60 * 60 * 24 * 365;

export function createFrenchFallbackStore(redis: Redis, logger: Logger, prefix: string): FrenchFallbackStore {
  const key = (callerKey: string): string => `${prefix}:voice-fr-ok:${callerKey}`;
  return {
    async get(callerKey) {
      try {
        return (await redis.get(key(callerKey))) === '1';
      } catch (err) {
        logger.warn({ err }, 'voice French fallback choice unavailable');
        return false;
      }
    },
    async set(callerKey, accepts) {
      try {
        await redis.set(key(callerKey), accepts ? '1' : '0', 'EX', TTL_SECONDS);
      } catch (err) {
        logger.warn({ err }, 'could not remember the voice French fallback choice');
      }
    },
  };
}
