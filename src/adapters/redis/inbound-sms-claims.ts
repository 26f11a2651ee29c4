import type { Redis } from 'ioredis';
import type { InboundClaim, InboundSmsClaims } from '../../domain/phone-ports';

const DAY_SECONDS = 24 * 3600;
const DONE = 'done';

/**
 * KEYS[1] the message id's key; ARGV: token, pending ttl. A free id is claimed with the token for a short
 * while; a held one answers what it holds.
 */
const CLAIM = `
local held = redis.call('GET', KEYS[1])
if not held then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
  return 'claimed'
end
if held == '${DONE}' then return 'done' end
return 'in_progress'
`;

/** ARGV: token, then the new value and its ttl (complete) or nothing (release). Acts on our own claim only. */
const SETTLE = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] then
  redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
else
  redis.call('DEL', KEYS[1])
end
return 1
`;

/**
 * Inbound SMS claims (domain/phone-ports.ts) in Redis. A pending claim lives `pendingSeconds` (longer than
 * any handling, shorter than the gateway's retries: AT retries for about ten minutes); a handled id is
 * remembered for a day.
 */
export function createInboundSmsClaims(
  redis: Redis,
  prefix: string,
  opts: { pendingSeconds?: number; doneSeconds?: number } = {},
): InboundSmsClaims {
  const key = (id: string): string => `${prefix}:sms-inbound:${id}`;
  const pendingSeconds = opts.pendingSeconds ?? 120;
  const doneSeconds = opts.doneSeconds ?? DAY_SECONDS;
  return {
    async claim(messageId, token) {
      const found = await redis.eval(CLAIM, 1, key(messageId), token, pendingSeconds);
      return found as InboundClaim;
    },
    async complete(messageId, token) {
      await redis.eval(SETTLE, 1, key(messageId), token, DONE, doneSeconds);
    },
    async release(messageId, token) {
      await redis.eval(SETTLE, 1, key(messageId), token);
    },
  };
}
