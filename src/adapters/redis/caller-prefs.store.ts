import type { Redis } from 'ioredis';
import type { Logger } from '../../logger';
import type { CallerPrefsStore } from '../../domain/session-ports';

const TTL_SECONDS = 60 * 60 * 24 * 365;

export function createCallerPrefsStore(redis: Redis, logger: Logger, prefix: string): CallerPrefsStore {
  const key = (callerKey: string): string => `${prefix}:pref:${callerKey}`;
  return {
    async get(callerKey) {
      try {
        const raw = await redis.hgetall(key(callerKey));
        const locale = raw.locale;
        if ((locale === 'fr' || locale === 'bm') && raw.firstSession)
          return { locale, firstSession: raw.firstSession };
        return null;
      } catch (err) {
        logger.warn({ err }, 'caller preferences unavailable; asking for the language');
        return null;
      }
    },
    async set(callerKey, pref) {
      try {
        const k = key(callerKey);
        await redis
          .multi()
          .hset(k, 'locale', pref.locale)
          .hsetnx(k, 'firstSession', pref.firstSession)
          .expire(k, TTL_SECONDS)
          .exec();
      } catch (err) {
        logger.warn({ err }, 'could not remember the caller language');
      }
    },
  };
}
