import type { Redis } from 'ioredis';
import { DateTime } from 'luxon';

/**
 * Per caller and local day, the set of SMS job ids already let through. A set (not a counter) so that a
 * retried job counts once; SADD, SCARD and EXPIRE run as one script so two workers cannot both slip in.
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

const TWO_DAYS_SECONDS = 2 * 24 * 3600;

export interface SmsDailyCap {
  /** True when this job may send today (and it now counts); false once the caller's cap is reached. */
  allow(callerKey: string, jobId: string, now: Date): Promise<boolean>;
}

export function createSmsDailyCap(
  redis: Redis,
  opts: { prefix: string; cap: number; timeZone: string },
): SmsDailyCap {
  return {
    async allow(callerKey, jobId, now) {
      const day = DateTime.fromJSDate(now, { zone: opts.timeZone }).toISODate() ?? 'unknown-day';
      const key = `${opts.prefix}:sms-cap:${day}:${callerKey}`;
      const allowed = await redis.eval(ALLOW_SCRIPT, 1, key, jobId, opts.cap, TWO_DAYS_SECONDS);
      return allowed === 1;
    },
  };
}
