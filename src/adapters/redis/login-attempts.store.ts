import { createHash } from 'node:crypto';
import { MemoryStore, type IncrementResponse, type Options, type Store } from 'express-rate-limit';
import type { Redis } from 'ioredis';
import type { Logger } from '../../logger';

/** Count and start the window in one step, so concurrent tries from many instances all count. */
const INCREMENT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {n, redis.call('PTTL', KEYS[1])}`;

/** Undo a try that succeeded, without ever creating a key or going below zero. */
const DECREMENT = `
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n > 0 then redis.call('DECR', KEYS[1]) end
return 0`;

/**
 * Failed console logins per client address, shared by every API instance through Redis (hardening
 * finding 1). When Redis does not answer (the breaker fails the call at once), each instance counts in
 * its own memory meanwhile: the limit then holds per instance instead of not at all. Addresses are hashed
 * before they reach Redis.
 */
export function createLoginAttemptsStore(redis: Redis, logger: Logger, prefix: string): Store {
  const memory = new MemoryStore();
  let windowMs = 15 * 60_000;
  const keyOf = (key: string): string =>
    `${prefix}:login-attempts:${createHash('sha256').update(key).digest('base64url').slice(0, 22)}`;
  const degraded = (err: unknown): void => {
    logger.debug({ err }, 'login attempts counted in memory: redis unavailable');
  };

  return {
    // The counts live outside this process: express-rate-limit must not assume otherwise.
    localKeys: false,
    init(options: Options) {
      windowMs = options.windowMs;
      memory.init(options);
    },
    async increment(key: string): Promise<IncrementResponse> {
      try {
        const reply = (await redis.eval(INCREMENT, 1, keyOf(key), String(windowMs))) as [number, number];
        const ttl = reply[1] > 0 ? reply[1] : windowMs;
        return { totalHits: reply[0], resetTime: new Date(Date.now() + ttl) };
      } catch (err) {
        degraded(err);
        return memory.increment(key);
      }
    },
    async decrement(key: string): Promise<void> {
      try {
        await redis.eval(DECREMENT, 1, keyOf(key));
      } catch (err) {
        degraded(err);
        await memory.decrement(key);
      }
    },
    async resetKey(key: string): Promise<void> {
      await memory.resetKey(key);
      try {
        await redis.del(keyOf(key));
      } catch (err) {
        degraded(err);
      }
    },
    shutdown(): void {
      void memory.shutdown();
    },
  };
}
