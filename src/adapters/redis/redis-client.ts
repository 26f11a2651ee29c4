import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../../logger';

/**
 * A command on the `fast` connection that takes longer than this is given up (and opens the breaker, see
 * redis-breaker.ts). Local Redis answers in well under a millisecond; the margin covers a busy event loop.
 */
export const FAST_COMMAND_TIMEOUT_MS = 150;

/**
 * Two kinds of connection. `fast` serves the USSD path: it never queues a command while Redis is down and
 * gives up after a short timeout, so a Redis outage costs a caller a few milliseconds, not the session.
 * Its commands are auto-pipelined: the commands of all hops served in one turn of the event loop leave in
 * one socket write (a write to a local socket costs more CPU than encoding the command; issue 13).
 * `blocking` is what BullMQ needs (maxRetriesPerRequest: null).
 */
export function createRedis(
  url: string,
  kind: 'fast' | 'blocking',
  logger: Logger,
  overrides: RedisOptions = {},
): Redis {
  const options: RedisOptions =
    kind === 'fast'
      ? {
          enableOfflineQueue: false,
          enableAutoPipelining: true,
          maxRetriesPerRequest: 0,
          commandTimeout: FAST_COMMAND_TIMEOUT_MS,
          connectTimeout: 1000,
          retryStrategy: (times) => Math.min(times * 200, 2000),
        }
      : { maxRetriesPerRequest: null, retryStrategy: (times) => Math.min(times * 200, 2000) };
  const client = new Redis(url, { ...options, ...overrides });
  let lastError = '';
  client.on('error', (err: Error) => {
    // ioredis repeats the same error on every reconnect attempt; log each new one once.
    if (err.message !== lastError) logger.warn({ err, kind }, 'redis connection error');
    lastError = err.message;
  });
  client.on('ready', () => {
    if (lastError) logger.info({ kind }, 'redis connection restored');
    lastError = '';
  });
  return client;
}

/** Closes a client: QUIT when connected (lets pending replies arrive), otherwise drops reconnect attempts. */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.status === 'ready') {
    try {
      await client.quit();
      return;
    } catch {
      // fall through: the connection went away while quitting
    }
  }
  if (client.status === 'end') return;
  // Wait for 'end' so no half-open reconnect socket outlives the close.
  const ended = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 2000);
    client.once('end', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  client.disconnect();
  await ended;
}
