import type { Redis } from 'ioredis';

/**
 * Whether Redis writes an append-only file, so queued jobs (replies not sent yet) survive its restart.
 * CONFIG may be renamed away on managed Redis: INFO persistence says it too. Null when neither answers.
 */
export async function redisHasAof(redis: Redis): Promise<boolean | null> {
  try {
    const reply = await redis.config('GET', 'appendonly');
    const value = Array.isArray(reply) ? reply[1] : undefined;
    if (typeof value === 'string') return value === 'yes';
  } catch {
    // CONFIG disabled: try INFO
  }
  try {
    const info = await redis.info('persistence');
    const m = /^aof_enabled:(\d)/m.exec(info);
    return m ? m[1] === '1' : null;
  } catch {
    return null;
  }
}
