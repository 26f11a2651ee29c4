/**
 * The API process's composition root: the shared core services (content, store, Redis, queues, SMS) →
 * USSD, SMS callbacks, console, metrics → HTTP app (and the queue workers when WORKERS=inline). `close()`
 * shuts everything in the order SIGTERM requires.
 */
import { join } from 'node:path';
import type { Express } from 'express';
import type { Config } from './config';
import type { Logger } from './logger';
import { createAtUssdRouter } from './adapters/gateways/at-ussd.route';
import { createFrenchFallbackStore } from './adapters/redis/voice-french-ok.store';
import { createAtVoiceRouter } from './adapters/voice/at-voice.route';
import { PromptLibrary } from './adapters/voice/prompt-library';
import { createVoiceStudio } from './adapters/voice/voice-studio';
import { createRecordingFetcher } from './adapters/voice/recording-fetcher';
import { createSealedReportAudioStore, REPORT_AUDIO_DIR } from './adapters/voice/sealed-report-audio.store';
import { requireGatewaySecret } from './adapters/http/gateway-secret';
import { createApp } from './adapters/http/app';
import { createConsoleRouter } from './adapters/http/console.router';
import { createQueueDashboard } from './adapters/http/queue-dashboard.route';
import { createRequireRole } from './adapters/http/require-role.middleware';
import { createSmsCallbacksRouter } from './adapters/http/sms-callbacks.route';
import { createMetricsRouter } from './adapters/metrics/metrics.route';
import { createReportingResolvers } from './adapters/reporting/reporting.resolvers';
import { createCallerPrefsStore } from './adapters/redis/caller-prefs.store';
import { redisHasAof } from './adapters/redis/redis-persistence';
import { createUssdHistoryStore } from './adapters/redis/ussd-history.store';
import { callerKey } from './domain/privacy/caller-key';
import type { EffectHandler } from './phone/hop-context';
import { PhoneHopService } from './phone/hop.service';
import { createCoreServices, type CoreServices } from './core-services';
import { assertFlowNamesRegistered } from './domain/flow/flow-names';
import { phoneRendering } from './domain/flow/phone-rendering';
import { parseStaffedHours } from './domain/voice/transfer';
import { startInstrumentedWorkers, type RunningWorkers } from './worker';

export interface Runtime extends Omit<CoreServices, 'close'> {
  app: Express;
  /** The queue workers of this process (WORKERS=inline), or null. */
  workers: RunningWorkers | null;
  /** Marks the process as draining: new HTTP requests get 503. */
  beginShutdown(): void;
  /** Closes workers, queues, store and Redis, in that order (the HTTP server is closed by the caller). */
  close(): Promise<void>;
}

export async function createRuntime(config: Config, logger: Logger): Promise<Runtime> {
  const core = await createCoreServices(config, logger);
  const { content, metrics, sealer, store, redis, queues, templates, tipCount, smsSender, tips } = core;
  const prefix = config.QUEUE_PREFIX;
  const globals = { serviceCode: config.USSD_SERVICE_CODE };

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
    queueGuard: (add) => core.redisBreaker.run(add),
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

  const sessionEffects = { ...effects, ...reporting.effects };
  // A flow naming an action, resolver or validator with no handler here stops the boot, naming the node.
  assertFlowNamesRegistered(content.flow, {
    actions: ['setLanguage', ...Object.keys(sessionEffects)],
    resolvers: Object.keys(reporting.resolvers),
    validators: Object.keys(reporting.validators),
  });
  const rendering = phoneRendering(config.BAMBARA_SPELLING, content.flow.gsmSafe?.ussd ?? true);
  const sessions = new PhoneHopService({
    flow: content.flow,
    engine: { ...rendering, validators: reporting.validators },
    prefs: createCallerPrefsStore(redis, logger, prefix),
    history: createUssdHistoryStore(redis, logger, prefix),
    callerKeyOf: (e164) => callerKey(config.PEPPER, e164),
    resolvers: reporting.resolvers,
    effects: sessionEffects,
    startHook: reporting.startHook,
    globals,
    logger,
  });

  // One library for the gateway and the studio: a take saved in the console plays on the next call.
  const prompts = PromptLibrary.load(config.FLOWS_DIR, join(config.DATA_DIR, 'voice'));
  const reportAudio = createSealedReportAudioStore(join(config.DATA_DIR, REPORT_AUDIO_DIR), sealer);
  const consoleDeps = {
    store,
    sealer,
    smsSender,
    directory: content.directory.entries,
    clock: { now: () => new Date() },
    config,
    logger,
    replyNoticeText: (locale: 'fr' | 'bm') => templates('reply_notice', locale),
    voiceStudio: createVoiceStudio(content.flow, prompts, '/voice/audio'),
    reportAudio,
  };

  let shuttingDown = false;
  const app = createApp({
    logger,
    isShuttingDown: () => shuttingDown,
    upgradeInsecureRequests: config.NODE_ENV === 'production',
    readiness: [
      { name: 'store', check: () => store.ping() },
      { name: 'redis', check: async () => void (await redis.ping()), optional: true },
      {
        // Without AOF a Redis restart loses queued jobs; the store's outbox covers replies, but say so.
        name: 'redis-aof',
        check: async () => {
          if ((await redisHasAof(redis)) === false) throw new Error('redis runs without appendonly');
        },
        optional: true,
      },
    ],
    routers: [
      createAtUssdRouter({ sessions, gatewaySecret: config.GATEWAY_SECRET, metrics }),
      createAtVoiceRouter({
        sessions,
        flow: content.flow,
        prompts,
        frenchFallback: createFrenchFallbackStore(redis, logger, prefix),
        callerKeyOf: (e164) => callerKey(config.PEPPER, e164),
        renderText: rendering.renderText,
        smsText: templates,
        requireGatewaySecret: requireGatewaySecret(config.GATEWAY_SECRET),
        audioBaseUrl: config.VOICE_AUDIO_BASE_URL,
        publicBaseUrl: config.PUBLIC_BASE_URL,
        allowHttpRecordings: config.NODE_ENV !== 'production',
        recordings: createRecordingFetcher({ store: reportAudio, logger }),
        replySms: async (m) => {
          const sent = await smsSender.send({ ...m, kind: 'reply', timing: 'now' });
          return sent.queued;
        },
        ...(config.VOICE_TRANSFER_NUMBER
          ? {
              transfer: {
                phoneNumber: config.VOICE_TRANSFER_NUMBER,
                hours: parseStaffedHours(config.VOICE_STAFFED_HOURS) ?? { start: 8, end: 18 },
                timeZone: config.TIMEZONE,
              },
            }
          : {}),
        logger,
      }),
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

  const workers = config.WORKERS === 'inline' ? await startInstrumentedWorkers(core) : null;

  return {
    ...core,
    app,
    workers,
    beginShutdown: () => {
      shuttingDown = true;
    },
    async close() {
      if (workers) {
        // Running jobs finish first; nothing new is taken meanwhile.
        await workers.close();
        logger.info({ stage: 'workers' }, 'closed');
      }
      await core.close();
    },
  };
}
