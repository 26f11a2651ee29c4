import type { Redis } from 'ioredis';
import type { DailyCap } from '../../domain/phone-ports';
import { localDay } from '../../domain/shared/local-day';

/**
 * A per-caller, per-local-day cap over distinct items (SMS job ids, report sourceRefs). A set rather than
 * a counter, so a retried job or a repeated final request counts once; SADD, SCARD and EXPIRE run as one
 * script so two workers or sessions cannot both slip in.
 */
const ALLOW_SCRIPT = `
local added = redis.call('SADD', KEYS[1], ARGV[1])
if added == 0 then return 1 end
if redis.call('SCARD', KEYS[1]) > tonumber(ARGV[2]) then
  redis.call('SREM', KEYS[1], ARGV[1])
  return 0
end
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[3]))
return 1
`;

export const TWO_DAYS_SECONDS = 2 * 24 * 3600;

/** The Redis set behind one caller's cap for the local day of `now` (the filing gate counts into it too). */
export function dailyCapKey(
  opts: { prefix: string; name: string; timeZone: string },
  callerKey: string,
  now: Date,
): string {
  return `${opts.prefix}:${opts.name}:${localDay(now, opts.timeZone)}:${callerKey}`;
}

export function createDailyCap(
  redis: Redis,
  opts: { prefix: string; name: string; perDay: number; timeZone: string },
): DailyCap {
  const key = (callerKey: string, now: Date): string => dailyCapKey(opts, callerKey, now);
  return {
    async allow(callerKey, itemId, now) {
      const allowed = await redis.eval(
        ALLOW_SCRIPT,
        1,
        key(callerKey, now),
        itemId,
        opts.perDay,
        TWO_DAYS_SECONDS,
      );
      return allowed === 1;
    },
    async isReached(callerKey, now) {
      return (await redis.scard(key(callerKey, now))) >= opts.perDay;
    },
  };
}
