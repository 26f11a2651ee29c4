import type { Redis } from 'ioredis';

const DAY_SECONDS = 24 * 3600;

/**
 * AT retries an unacknowledged inbound SMS for about ten minutes, so the same message id may arrive
 * more than once. The first arrival claims the id for a day; a failed handling releases it so AT's retry
 * is handled again.
 */
export interface InboundSmsDedupe {
  /** True for the first arrival of this id. */
  claim(messageId: string): Promise<boolean>;
  release(messageId: string): Promise<void>;
}

export function createInboundSmsDedupe(
  redis: Redis,
  prefix: string,
  ttlSeconds: number = DAY_SECONDS,
): InboundSmsDedupe {
  const key = (id: string) => `${prefix}:sms-inbound:${id}`;
  return {
    async claim(messageId) {
      return (await redis.set(key(messageId), '1', 'EX', ttlSeconds, 'NX')) === 'OK';
    },
    async release(messageId) {
      await redis.del(key(messageId));
    },
  };
}
