import type { Redis } from 'ioredis';
import type { WeeklyMarkers } from '../../domain/phone-ports';

/** Outlives the week it marks, so a late re-run of the dispatch still finds it. */
const EIGHT_DAYS_SECONDS = 8 * 24 * 3600;

/** Weekly markers (domain/phone-ports.ts) in Redis: one key per week and caller key. */
export function createWeeklyMarkers(redis: Redis, prefix: string, name: string): WeeklyMarkers {
  const key = (week: string, callerKey: string): string => `${prefix}:${name}:${week}:${callerKey}`;
  return {
    async mark(week, callerKey) {
      return (await redis.set(key(week, callerKey), '1', 'EX', EIGHT_DAYS_SECONDS, 'NX')) === 'OK';
    },
    async unmark(week, callerKey) {
      await redis.del(key(week, callerKey));
    },
  };
}
