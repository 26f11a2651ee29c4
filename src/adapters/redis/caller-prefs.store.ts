import type { Redis } from 'ioredis';
import type { Logger } from '../../logger';
import type { Locale } from '../../domain/shared/locale';

/** A caller's remembered language, keyed by caller key (never the number). */
export interface CallerPref {
  locale: Locale;
  /** The gateway session in which the language was first chosen (see UssdSessionService). */
  firstSession: string;
}

export interface CallerPrefsStore {
  /** Null when unknown or when Redis cannot answer: the caller is then simply asked again. */
  get(callerKey: string): Promise<CallerPref | null>;
  set(callerKey: string, pref: CallerPref): Promise<void>;
}

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
        await redis.multi().hset(key(callerKey), pref).expire(key(callerKey), TTL_SECONDS).exec();
      } catch (err) {
        logger.warn({ err }, 'could not remember the caller language');
      }
    },
  };
}
