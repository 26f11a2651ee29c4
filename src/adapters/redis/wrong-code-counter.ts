import type { Redis } from 'ioredis';

const HOUR_SECONDS = 3600;

/**
 * Wrong report codes tried per caller within the current clock hour. Past the limit the code is not even
 * looked up, so codes cannot be guessed by SMS.
 */
export interface WrongCodeCounter {
  isBlocked(callerKey: string, now: Date): Promise<boolean>;
  recordWrong(callerKey: string, now: Date): Promise<void>;
}

export function createWrongCodeCounter(
  redis: Redis,
  opts: { prefix: string; perHour: number },
): WrongCodeCounter {
  const key = (callerKey: string, now: Date) =>
    `${opts.prefix}:wrong-codes:${Math.floor(now.getTime() / (HOUR_SECONDS * 1000))}:${callerKey}`;
  return {
    async isBlocked(callerKey, now) {
      const count = Number((await redis.get(key(callerKey, now))) ?? '0');
      return count >= opts.perHour;
    },
    async recordWrong(callerKey, now) {
      const k = key(callerKey, now);
      await redis.multi().incr(k).expire(k, HOUR_SECONDS).exec();
    },
  };
}
