/** Builds the HTTP app around the USSD service for tests: real Redis, a given flow, quiet logs. */
import type { RequestListener } from 'node:http';
import type { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { createAtUssdRoutes } from '../../src/adapters/gateways/at-ussd.route';
import { createGatewayFrontDoor } from '../../src/adapters/gateways/gateway-front-door';
import { createHubtelUssdRoutes } from '../../src/adapters/gateways/hubtel-ussd.route';
import { createHopAnswerCache } from '../../src/adapters/redis/hop-answer-cache';
import { callerKey } from '../../src/domain/privacy/caller-key';
import type { PhoneHopService } from '../../src/phone/hop.service';
import { createApp } from '../../src/adapters/http/app';
import { createMetrics, type Metrics } from '../../src/adapters/metrics/metrics';
import { closeRedis, createRedis } from '../../src/adapters/redis/redis-client';
import type { EffectHandler, Resolver, StartHook } from '../../src/phone/hop-context';
import type { CompiledFlow } from '../../src/domain/flow/compile';
import { createLogger } from '../../src/logger';
import { wireHopService } from '../../src/composition/phone-wiring';

export interface UssdTestApp {
  /** The listener a server runs: the lean gateway path in front of the Express app. */
  app: RequestListener;
  /** The hop service behind every dialect's route (USSD over SMPP feeds it directly). */
  sessions: PhoneHopService;
  redis: Redis;
  metrics: Metrics;
  pepper: string;
  prefix: string;
  /** Resolves once the Redis connection is up: a test that needs remembered state waits for it. */
  ready: () => Promise<void>;
  close: () => Promise<void>;
}

export function buildUssdApp(opts: {
  flow: CompiledFlow;
  redisUrl?: string;
  resolvers?: Record<string, Resolver>;
  effects?: Record<string, EffectHandler>;
  startHook?: StartHook;
  validators?: Record<string, (input: string) => boolean>;
  clock?: () => Date;
  gatewaySecret?: string;
}): UssdTestApp {
  const logger = createLogger({ level: 'silent' });
  const redis = createRedis(opts.redisUrl ?? 'redis://127.0.0.1:6379', 'fast', logger);
  const prefix = `test-${randomBytes(4).toString('hex')}`;
  const metrics = createMetrics({ defaults: false });
  const pepper = randomBytes(32).toString('base64');
  // The runtime's own wiring of the hop service (src/composition/phone-wiring.ts), on the given flow.
  const sessions = wireHopService({
    flow: opts.flow,
    spelling: 'gsm',
    redis,
    prefix,
    pepper,
    serviceCode: '*123#',
    logger,
    ...(opts.resolvers ? { resolvers: opts.resolvers } : {}),
    ...(opts.effects ? { effects: opts.effects } : {}),
    ...(opts.validators ? { validators: opts.validators } : {}),
    ...(opts.startHook ? { startHook: opts.startHook } : {}),
    ...(opts.clock ? { clock: opts.clock } : {}),
  });
  const app = createGatewayFrontDoor({
    routes: [
      ...createAtUssdRoutes({ sessions, gatewaySecret: opts.gatewaySecret, metrics }),
      ...createHubtelUssdRoutes({
        sessions,
        answers: createHopAnswerCache(redis, logger, prefix),
        callerKeyOf: (e164) => callerKey(pepper, e164),
        serviceCode: '*123#',
        gatewaySecret: opts.gatewaySecret,
        metrics,
      }),
    ],
    fallback: createApp({ logger, routers: [], readiness: [] }),
    logger,
  });
  return {
    app,
    sessions,
    redis,
    metrics,
    pepper,
    prefix,
    ready: async () => {
      if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
    },
    close: async () => {
      const keys = redis.status === 'ready' ? await redis.keys(`${prefix}:*`) : [];
      if (keys.length > 0) await redis.del(...keys);
      await closeRedis(redis);
    },
  };
}
