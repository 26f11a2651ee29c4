/** Builds the HTTP app around the USSD service for tests: real Redis, a given flow, quiet logs. */
import type { Express } from 'express';
import type { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { createAtUssdRouter } from '../../src/adapters/gateways/at-ussd.route';
import { createHubtelUssdRouter } from '../../src/adapters/gateways/hubtel-ussd.route';
import { createHopAnswerCache } from '../../src/adapters/redis/hop-answer-cache';
import { createApp } from '../../src/adapters/http/app';
import { requireGatewaySecret } from '../../src/adapters/http/gateway-secret';
import { createMetrics, type Metrics } from '../../src/adapters/metrics/metrics';
import { createCallerPrefsStore } from '../../src/adapters/redis/caller-prefs.store';
import { closeRedis, createRedis } from '../../src/adapters/redis/redis-client';
import { createUssdHistoryStore } from '../../src/adapters/redis/ussd-history.store';
import { callerKey } from '../../src/domain/privacy/caller-key';
import type { EffectHandler, Resolver, StartHook } from '../../src/phone/hop-context';
import { PhoneHopService } from '../../src/phone/hop.service';
import type { CompiledFlow } from '../../src/domain/flow/compile';
import { renderForPhone } from '../../src/domain/flow/gsm';
import { createLogger } from '../../src/logger';

export interface UssdTestApp {
  app: Express;
  /** The hop service behind every dialect's route (USSD over SMPP feeds it directly). */
  sessions: PhoneHopService;
  redis: Redis;
  metrics: Metrics;
  pepper: string;
  prefix: string;
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
  const sessions = new PhoneHopService({
    flow: opts.flow,
    engine: {
      renderText: (text, locale) => renderForPhone(text, { locale, spelling: 'gsm', gsmSafe: true }),
      validators: opts.validators ?? {},
    },
    prefs: createCallerPrefsStore(redis, logger, prefix),
    history: createUssdHistoryStore(redis, logger, prefix),
    callerKeyOf: (e164) => callerKey(pepper, e164),
    resolvers: opts.resolvers ?? {},
    effects: opts.effects ?? {},
    globals: { serviceCode: '*123#' },
    ...(opts.startHook ? { startHook: opts.startHook } : {}),
    ...(opts.clock ? { clock: opts.clock } : {}),
    logger,
  });
  const app = createApp({
    logger,
    routers: [
      createAtUssdRouter({ sessions, gatewaySecret: opts.gatewaySecret, metrics }),
      createHubtelUssdRouter({
        sessions,
        answers: createHopAnswerCache(redis, logger, prefix),
        callerKeyOf: (e164) => callerKey(pepper, e164),
        serviceCode: '*123#',
        guard: requireGatewaySecret(opts.gatewaySecret),
        metrics,
      }),
    ],
    readiness: [],
  });
  return {
    app,
    sessions,
    redis,
    metrics,
    pepper,
    prefix,
    close: async () => {
      const keys = redis.status === 'ready' ? await redis.keys(`${prefix}:*`) : [];
      if (keys.length > 0) await redis.del(...keys);
      await closeRedis(redis);
    },
  };
}
