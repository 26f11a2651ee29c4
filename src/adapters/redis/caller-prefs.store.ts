import type { Redis } from 'ioredis';
import { OutageKnownError } from '../../domain/errors';
import type { Logger } from '../../logger';
import type { CallerPrefsStore } from '../../domain/session-ports';

const TTL_SECONDS = 60 * 60 * 24 * 365;

/**
 * The locale, the first session only when none is kept, and the expiry, at once. One command rather than a
 * MULTI: it joins the other hops' commands in the connection's automatic pipeline (one socket write).
 */
const SET_PREF = `redis.call('HSET', KEYS[1], 'locale', ARGV[1])
redis.call('HSETNX', KEYS[1], 'firstSession', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1`;

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
        if (!(err instanceof OutageKnownError))
          logger.warn({ err }, 'caller preferences unavailable; asking for the language');
        return null;
      }
    },
    async set(callerKey, pref) {
      try {
        await redis.eval(SET_PREF, 1, key(callerKey), pref.locale, pref.firstSession, TTL_SECONDS);
      } catch (err) {
        if (!(err instanceof OutageKnownError))
          logger.warn({ err }, 'could not remember the caller language');
      }
    },
  };
}
