import type { Redis } from 'ioredis';
import { DateTime } from 'luxon';

/**
 * Reports filed per caller and local day, as the set of their sourceRefs (not a counter), so a repeated
 * final request counts once. SADD, SCARD and EXPIRE run as one script so two sessions cannot both slip in.
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

export interface ReportDailyCap {
  /** True when this report may be filed (it now counts); false once the caller's daily cap is reached. */
  allow(callerKey: string, sourceRef: string, now: Date): Promise<boolean>;
  /** True when the caller cannot file another report today. */
  isReached(callerKey: string, now: Date): Promise<boolean>;
}

export function createReportDailyCap(
  redis: Redis,
  opts: { prefix: string; perDay: number; timeZone: string },
): ReportDailyCap {
  const key = (callerKey: string, now: Date): string => {
    const day = DateTime.fromJSDate(now, { zone: opts.timeZone }).toISODate() ?? 'unknown-day';
    return `${opts.prefix}:report-cap:${day}:${callerKey}`;
  };
  return {
    async allow(callerKey, sourceRef, now) {
      const allowed = await redis.eval(
        ALLOW_SCRIPT,
        1,
        key(callerKey, now),
        sourceRef,
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
