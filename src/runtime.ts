/**
 * The composition root: config → content → store, Redis, queues → services → HTTP app (and workers when
 * WORKERS=inline). `close()` shuts everything in the order SIGTERM requires.
 */
import type { Express } from 'express';
import type { Redis } from 'ioredis';
import type { Config } from './config';
import type { Logger } from './logger';
import { loadContent, type LoadedContent } from './adapters/flows/flow-files';
import { createAtUssdRouter } from './adapters/gateways/at-ussd.route';
import { createApp } from './adapters/http/app';
import { createConsoleRouter } from './adapters/http/console.router';
import { createQueueDashboard } from './adapters/http/queue-dashboard.route';
import { createRequireRole } from './adapters/http/require-role.middleware';
import { createSmsCallbacksRouter } from './adapters/http/sms-callbacks.route';
import { createMetrics, type Metrics } from './adapters/metrics/metrics';
import { createMetricsRouter } from './adapters/metrics/metrics.route';
import { instrumentSmsGateway } from './adapters/metrics/sms-gateway.instrumentation';
import { instrumentWorker } from './adapters/metrics/worker.instrumentation';
import { createSmsGateway } from './adapters/gateways/sms-gateway.factory';
import { createReportingResolvers } from './adapters/reporting/reporting.resolvers';
import { closeQueues, createQueues, type Queues } from './adapters/queue/queues';
import { createSmsSender, type SmsSender } from './adapters/queue/sms-sender.service';
import { createTipsService, type TipsService } from './adapters/queue/tips.scheduler';
import { createCallerPrefsStore } from './adapters/redis/caller-prefs.store';
import { closeRedis, createRedis } from './adapters/redis/redis-client';
import { createUssdHistoryStore } from './adapters/redis/ussd-history.store';
import { openStore } from './adapters/store-factory';
import { UssdSessionService, type EffectHandler } from './adapters/ussd/ussd-session.service';
import { renderForPhone } from './domain/flow/gsm';
import type { Store } from './domain/ports';
import { Sealer } from './domain/privacy/sealing';
import { countTips, createSmsTemplates, type SmsTemplates } from './domain/sms/sms-templates';
import { startWorkers, type RunningWorkers } from './worker';

export interface Runtime {
  config: Config;
  logger: Logger;
  content: LoadedContent;
  store: Store;
  redis: Redis;
  queueRedis: Redis;
  queues: Queues;
  metrics: Metrics;
  sealer: Sealer;
  templates: SmsTemplates;
  smsSender: SmsSender;
  tips: TipsService;
  app: Express;
  /** The queue workers of this process (WORKERS=inline), or null. */
  workers: RunningWorkers | null;
  /** Marks the process as draining: new HTTP requests get 503. */
  beginShutdown(): void;
  /** Closes workers, queues, store and Redis, in that order (the HTTP server is closed by the caller). */
  close(): Promise<void>;
}

/** Rendering for USSD screens; values filled into placeholders never get the French-style rewrite. */
function phoneRendering(config: Config, gsmSafe: boolean) {
  const spelling = config.BAMBARA_SPELLING;
  return {
    renderText: (text: string, locale: 'fr' | 'bm') => renderForPhone(text, { locale, spelling, gsmSafe }),
    renderValue: (text: string, locale: 'fr' | 'bm') =>
      renderForPhone(text, { locale, spelling: spelling === 'french' ? 'gsm' : spelling, gsmSafe }),
  };
}

export async function createRuntime(config: Config, logger: Logger): Promise<Runtime> {
  const content = loadContent(config.FLOWS_DIR, {
    spelling: config.BAMBARA_SPELLING,
    serviceCode: config.USSD_SERVICE_CODE,
  });
  const metrics = createMetrics();
  const sealer = new Sealer({ keys: config.SEAL_KEYS, currentKeyId: config.SEAL_CURRENT_KEY_ID });
  const store = await openStore(config);
  const redis = createRedis(config.REDIS_URL, 'fast', logger);
  const queueRedis = createRedis(config.REDIS_URL, 'blocking', logger);
  const queues = createQueues(queueRedis, config.QUEUE_PREFIX, { logger });
  const prefix = config.QUEUE_PREFIX;
  const globals = { serviceCode: config.USSD_SERVICE_CODE };
  const templates = createSmsTemplates(content.flow, {
    spelling: config.BAMBARA_SPELLING,
    defaults: globals,
  });
  const tipCount = countTips(content.flow);
  const smsSender = createSmsSender({ queue: queues.sms, store, sealer, config, logger });
  const tips = createTipsService({
    store,
    sender: smsSender,
    sealer,
    templates,
    tipCount,
    redis,
    prefix,
    config,
    logger,
  });

  const effects: Record<string, EffectHandler> = {
    // "Receive this by SMS": sent once per session and template, at the caller's safe hours.
    sendSms: async (ctx) => {
      const template = ctx.params.template;
      if (!template) return;
      await smsSender.send({
        dedupeKey: `followup:${ctx.sessionId}:${template}`,
        e164: ctx.e164,
        callerKey: ctx.callerKey,
        text: templates(template, ctx.locale),
        locale: ctx.locale,
        kind: 'followup',
        timing: 'safe_hours',
        now: ctx.now,
      });
    },
    subscribeTips: async (ctx) => {
      await tips.subscribeTips({
        callerKey: ctx.callerKey,
        e164: ctx.e164,
        locale: ctx.locale,
        now: ctx.now,
      });
    },
    unsubscribeTips: (ctx) => tips.unsubscribeTips(ctx.callerKey, ctx.now),
  };

  const reporting = createReportingResolvers({
    flow: content.flow,
    store,
    reportsQueue: queues.reports,
    redis,
    prefix,
    sealer,
    smsSender,
    templates,
    config,
    logger,
    // Reports through the queue are counted when the worker stores them (instrumentWorker).
    onFiled: (channel, via) => {
      if (via === 'store') metrics.reportsCreated.inc({ channel, path: 'store' });
    },
  });

  const sessions = new UssdSessionService({
    flow: content.flow,
    engine: {
      ...phoneRendering(config, content.flow.gsmSafe?.ussd ?? true),
      validators: reporting.validators,
    },
    prefs: createCallerPrefsStore(redis, logger, prefix),
    history: createUssdHistoryStore(redis, logger, prefix),
    resolvers: reporting.resolvers,
    effects: { ...effects, ...reporting.effects },
    startHook: reporting.startHook,
    globals,
    logger,
  });

  const consoleDeps = {
    store,
    sealer,
    smsSender,
    directory: content.directory.entries,
    clock: { now: () => new Date() },
    config,
    logger,
    replyNoticeText: (locale: 'fr' | 'bm') => templates('reply_notice', locale),
  };

  let shuttingDown = false;
  const app = createApp({
    logger,
    isShuttingDown: () => shuttingDown,
    upgradeInsecureRequests: config.NODE_ENV === 'production',
    readiness: [
      { name: 'store', check: () => store.ping() },
      { name: 'redis', check: async () => void (await redis.ping()), optional: true },
    ],
    routers: [
      createAtUssdRouter({ sessions, pepper: config.PEPPER, gatewaySecret: config.GATEWAY_SECRET, metrics }),
      createMetricsRouter({
        metrics,
        token: config.METRICS_TOKEN,
        queues: [queues.sms, queues.reports, queues.schedules],
        logger,
      }),
      createSmsCallbacksRouter({
        store,
        sender: smsSender,
        templates,
        tipCount,
        createSmsReport: reporting.createSmsReport,
        redis,
        prefix,
        config,
        logger,
      }),
      createConsoleRouter(consoleDeps),
      createQueueDashboard(queues, createRequireRole(consoleDeps)('admin')),
    ],
  });

  let workers: RunningWorkers | null = null;
  if (config.WORKERS === 'inline') {
    workers = await startWorkers({
      config,
      logger,
      store,
      redis,
      queues,
      sealer,
      tips,
      gateway: instrumentSmsGateway(createSmsGateway(config, logger), metrics),
    });
    instrumentWorker(workers.sms, metrics, 'sms');
    instrumentWorker(workers.reports, metrics, 'reports');
    instrumentWorker(workers.schedules, metrics, 'schedules');
  }

  return {
    config,
    logger,
    content,
    store,
    redis,
    queueRedis,
    queues,
    metrics,
    sealer,
    templates,
    smsSender,
    tips,
    app,
    workers,
    beginShutdown: () => {
      shuttingDown = true;
    },
    async close() {
      // One line per stage, so an operator (and the shutdown test) can see how far a shutdown got.
      if (workers) {
        // Running jobs finish first; nothing new is taken meanwhile.
        await workers.close();
        logger.info({ stage: 'workers' }, 'closed');
      }
      await closeQueues(queues);
      logger.info({ stage: 'queues' }, 'closed');
      await store.close();
      logger.info({ stage: 'store' }, 'closed');
      await Promise.all([closeRedis(redis), closeRedis(queueRedis)]);
      logger.info({ stage: 'redis' }, 'closed');
    },
  };
}
