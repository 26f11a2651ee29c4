import type { Redis } from 'ioredis';
import type { ReportFilingGate } from '../../domain/phone-ports';
import { dailyCapKey, TWO_DAYS_SECONDS } from './daily-cap';

/** Long enough to outlive the report job's retries (10 attempts, exponential from 5 s: about 1.5 h). */
const CLAIM_TTL_SECONDS = 2 * 24 * 3600;

/**
 * One script, so one round trip and no interleaving: the source's code if it has one; else the daily cap
 * (the same set and rule as createDailyCap: SADD, refuse past the cap, a repeat counts once); else `code`
 * reserved (NX) and given to the source. The filing hop used to make these four steps in two round trips
 * and, being 1 hop in 36 of a session mix, its latency was the mix's p99.
 * KEYS: source's code, cap set, code reservation. ARGV: sourceRef, code, cap, cap TTL, claim TTL.
 */
const ADMIT_SCRIPT = `
local known = redis.call('GET', KEYS[1])
if known then return {'known', known} end
if redis.call('SADD', KEYS[2], ARGV[1]) == 1 then
  if redis.call('SCARD', KEYS[2]) > tonumber(ARGV[3]) then
    redis.call('SREM', KEYS[2], ARGV[1])
    return {'capped'}
  end
  redis.call('EXPIRE', KEYS[2], tonumber(ARGV[4]))
end
if not redis.call('SET', KEYS[3], '1', 'EX', tonumber(ARGV[5]), 'NX') then return {'taken'} end
redis.call('SET', KEYS[1], ARGV[2], 'EX', tonumber(ARGV[5]))
return {'claimed', ARGV[2]}
`;

/**
 * The report filing gate (domain/phone-ports.ts) in Redis. `cap` is the options of the reports' daily cap
 * (createDailyCap): the gate counts into that cap's set, so `isReached` sees what it counted.
 */
export function createReportFilingGate(
  redis: Redis,
  cap: { prefix: string; name: string; perDay: number; timeZone: string },
): ReportFilingGate {
  return {
    async admit({ callerKey, sourceRef, code, now }) {
      const reply = (await redis.eval(
        ADMIT_SCRIPT,
        3,
        `${cap.prefix}:report-code:${sourceRef}`,
        dailyCapKey(cap, callerKey, now),
        `${cap.prefix}:report-code-taken:${code}`,
        sourceRef,
        code,
        cap.perDay,
        TWO_DAYS_SECONDS,
        CLAIM_TTL_SECONDS,
      )) as [string, string?];
      const [kind, value] = reply;
      if ((kind === 'known' || kind === 'claimed') && value !== undefined) return { kind, code: value };
      if (kind === 'capped' || kind === 'taken') return { kind };
      throw new Error('unexpected filing gate reply');
    },
  };
}
