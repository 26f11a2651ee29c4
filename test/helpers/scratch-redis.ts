import type { Redis } from 'ioredis';
import { closeRedis, createRedis } from '../../src/adapters/redis/redis-client';
import type { Logger } from '../../src/logger';

/**
 * The real local Redis for one test file, as the phone path's connection ('fast': short command timeout):
 * ready before the file's first test; after its last, the keys under `prefix` are removed and the
 * connection is closed even if that fails (an open connection keeps an in-band Jest from exiting).
 */
export function useScratchRedis(prefix: string, logger: Logger): Redis {
  const redis = createRedis('redis://127.0.0.1:6379', 'fast', logger);
  beforeAll(async () => {
    if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
  });
  afterAll(async () => {
    try {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
    } finally {
      await closeRedis(redis);
    }
  });
  return redis;
}
