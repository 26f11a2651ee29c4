import { ReplyError, type Redis } from 'ioredis';
import { OutageKnownError } from '../../domain/errors';
import type { Logger } from '../../logger';
import { withTimeout } from '../deadline';

/**
 * A circuit breaker over one Redis server. A call that times out or finds no connection opens it; while
 * open every guarded call fails at once (callers fall back: store, memory, asking again), so a frozen or
 * dead Redis costs a phone hop one deadline at most, not one per command. A background PING every
 * `probeMs` closes it again as soon as Redis answers. Reply errors (WRONGTYPE and the like) are Redis
 * answering, so they never open it.
 */
export interface RedisBreaker {
  isOpen(): boolean;
  /** Runs `fn` under the deadline; rejects at once while open. For calls on other connections (queues). */
  run<T>(fn: () => Promise<T>, deadlineMs?: number): Promise<T>;
  /** Records a failure seen elsewhere (opens unless it is a reply error). */
  failed(err: unknown): void;
  stop(): void;
}

export class RedisUnavailableError extends OutageKnownError {
  constructor() {
    super('redis unavailable (circuit open)');
    this.name = 'RedisUnavailableError';
  }
}

export interface RedisBreakerOptions {
  logger: Logger;
  /** Deadline of guarded calls run through `run` (queue adds). */
  deadlineMs: number;
  /** How often the open breaker pings Redis. */
  probeMs: number;
}

export function createRedisBreaker(probe: Redis, opts: RedisBreakerOptions): RedisBreaker {
  let open = false;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  const close = (): void => {
    if (timer) clearInterval(timer);
    timer = null;
    if (open) opts.logger.info('redis answers again: circuit closed');
    open = false;
  };
  const ping = async (): Promise<void> => {
    try {
      await withTimeout(probe.ping(), opts.deadlineMs);
      close();
    } catch {
      // still down: the next probe tries again
    }
  };
  const trip = (err: unknown): void => {
    if (err instanceof ReplyError || err instanceof RedisUnavailableError || stopped) return;
    if (!open) {
      opts.logger.warn(
        { err: { message: err instanceof Error ? err.message : 'unknown' } },
        'redis slow or down: circuit open, failing fast',
      );
    }
    open = true;
    if (!timer) {
      timer = setInterval(() => void ping(), opts.probeMs);
      timer.unref();
    }
  };
  // A dropped connection is known before any command times out.
  probe.on('close', () => trip(new Error('connection closed')));
  probe.on('ready', () => void ping());

  return {
    isOpen: () => open,
    async run(fn, deadlineMs = opts.deadlineMs) {
      if (open) throw new RedisUnavailableError();
      try {
        return await withTimeout(fn(), deadlineMs);
      } catch (err) {
        trip(err);
        throw err;
      }
    },
    failed: trip,
    stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

/**
 * The client as the phone path sees it: every Redis command goes through the breaker (fails at once while
 * open; a timeout or connection error opens it). Other members (events, status, disconnect) pass through.
 */
export function guardRedis(client: Redis, breaker: RedisBreaker): Redis {
  const commands = new Set<string>([...client.getBuiltinCommands(), 'multi', 'pipeline', 'call']);
  // One guarded function per command, made on first use: a hop calls a few commands, many times a second.
  const guarded = new Map<string, (...args: unknown[]) => unknown>();
  const guard = (prop: string, fn: (...args: unknown[]) => unknown): ((...args: unknown[]) => unknown) => {
    const onError = (err: unknown): never => {
      breaker.failed(err);
      throw err;
    };
    return (...args: unknown[]): unknown => {
      if (breaker.isOpen()) {
        // multi/pipeline build synchronously; their callers are inside a try.
        if (prop === 'multi' || prop === 'pipeline') throw new RedisUnavailableError();
        return Promise.reject(new RedisUnavailableError());
      }
      const result = fn.apply(client, args);
      return result instanceof Promise ? result.catch(onError) : result;
    };
  };
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      const fn = value as (...args: unknown[]) => unknown;
      if (typeof prop !== 'string' || !commands.has(prop)) return fn.bind(target);
      let wrapped = guarded.get(prop);
      if (!wrapped) guarded.set(prop, (wrapped = guard(prop, fn)));
      return wrapped;
    },
  });
}
