import {
  createRedisBreaker,
  guardRedis,
  RedisUnavailableError,
} from '../../src/adapters/redis/redis-breaker';
import { closeRedis, createRedis, FAST_COMMAND_TIMEOUT_MS } from '../../src/adapters/redis/redis-client';
import { createLogger } from '../../src/logger';
import { PrivateRedis } from '../helpers/private-redis';

const logger = createLogger({ level: 'silent' });

describe('the Redis circuit breaker', () => {
  let server: PrivateRedis;
  beforeAll(async () => {
    server = await PrivateRedis.start();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('when Redis answers with an error, then the breaker stays closed', async () => {
    const raw = createRedis(server.url, 'fast', logger);
    const breaker = createRedisBreaker(raw, { logger, deadlineMs: 160, probeMs: 100 });
    const redis = guardRedis(raw, breaker);
    try {
      await new Promise((resolve) => raw.once('ready', resolve));
      await redis.set('breaker-str', 'x');
      await expect(redis.hgetall('breaker-str')).rejects.toThrow(/WRONGTYPE/);
      expect(breaker.isOpen()).toBe(false);
    } finally {
      breaker.stop();
      await closeRedis(raw);
    }
  });

  it('when Redis is frozen, then one command waits one deadline, the next fail at once, and it closes once Redis is back', async () => {
    const raw = createRedis(server.url, 'fast', logger);
    const breaker = createRedisBreaker(raw, { logger, deadlineMs: 160, probeMs: 100 });
    const redis = guardRedis(raw, breaker);
    try {
      await new Promise((resolve) => raw.once('ready', resolve));
      expect(await redis.set('breaker-test', '1')).toBe('OK');

      server.freeze();
      let started = performance.now();
      await expect(redis.get('breaker-test')).rejects.toThrow();
      const first = performance.now() - started;
      expect(breaker.isOpen()).toBe(true);
      started = performance.now();
      await expect(redis.get('breaker-test')).rejects.toBeInstanceOf(RedisUnavailableError);
      await expect(breaker.run(() => new Promise(() => undefined))).rejects.toBeInstanceOf(
        RedisUnavailableError,
      );
      const next = performance.now() - started;
      expect(first).toBeGreaterThanOrEqual(FAST_COMMAND_TIMEOUT_MS - 5);
      expect(first).toBeLessThan(400);
      expect(next).toBeLessThan(50);

      await server.stop();
      await server.restart();
      const until = Date.now() + 10_000;
      while (breaker.isOpen() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      expect(breaker.isOpen()).toBe(false);
      expect(await redis.set('breaker-test', '2')).toBe('OK');
    } finally {
      breaker.stop();
      await closeRedis(raw);
    }
  });
});
