import type { Redis } from 'ioredis';
import type { WrongCodeCounter } from '../../domain/phone-ports';

const HOUR_SECONDS = 3600;

/**
 * Report-code lookups allowed per caller within the current clock hour. A slot is taken BEFORE the lookup,
 * in one atomic step (a Lua script on Redis, one synchronous step in memory), so concurrent guesses cannot
 * all pass a check made before any of them is counted. A found code keeps its slot taken: the bound on
 * lookups stays strict, and a person following a report rarely checks it that often within one hour.
 * (The port: WrongCodeCounter in domain/phone-ports.ts.)
 */
/** KEYS[1] the caller's hourly count, KEYS[2] the optional "already decided" key; ARGV: limit, ttl. */
const TRY_LOOKUP = `
if KEYS[2] then
  local seen = redis.call('GET', KEYS[2])
  if seen then return tonumber(seen) end
end
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
local ok = 0
if n <= tonumber(ARGV[1]) then ok = 1 end
if KEYS[2] then redis.call('SET', KEYS[2], ok, 'EX', ARGV[2]) end
return ok
`;

interface MemoryEntry {
  value: number;
  expiresAt: number;
}

/**
 * Used while Redis does not answer: the same limit, per instance. Shared by every counter of the process
 * (USSD and SMS draw on one count, as they do in Redis); keys carry the prefix and the hour.
 */
const memory = new Map<string, MemoryEntry>();

function memoryTryLookup(counterKey: string, onceKey: string | null, limit: number, nowMs: number): boolean {
  if (memory.size > 10_000) {
    for (const [k, e] of memory) if (e.expiresAt <= nowMs) memory.delete(k);
  }
  const live = (k: string): MemoryEntry | undefined => {
    const e = memory.get(k);
    return e && e.expiresAt > nowMs ? e : undefined;
  };
  const expiresAt = nowMs + HOUR_SECONDS * 1000;
  if (onceKey) {
    const seen = live(onceKey);
    if (seen) return seen.value === 1;
  }
  const counter = live(counterKey) ?? { value: 0, expiresAt };
  counter.value += 1;
  memory.set(counterKey, counter);
  const ok = counter.value <= limit;
  if (onceKey) memory.set(onceKey, { value: ok ? 1 : 0, expiresAt });
  return ok;
}

export function createWrongCodeCounter(
  redis: Redis,
  opts: { prefix: string; perHour: number; onRedisError?: (err: unknown) => void },
): WrongCodeCounter {
  return {
    async tryLookup(callerKey, now, once) {
      const hour = Math.floor(now.getTime() / (HOUR_SECONDS * 1000));
      const counterKey = `${opts.prefix}:wrong-codes:${hour}:${callerKey}`;
      const onceKey = once === undefined ? null : `${opts.prefix}:wrong-code-seen:${callerKey}:${once}`;
      const keys = onceKey ? [counterKey, onceKey] : [counterKey];
      try {
        const ok = await redis.eval(TRY_LOOKUP, keys.length, ...keys, opts.perHour, HOUR_SECONDS);
        return ok === 1;
      } catch (err) {
        opts.onRedisError?.(err);
        return memoryTryLookup(counterKey, onceKey, opts.perHour, Date.now());
      }
    },
  };
}
