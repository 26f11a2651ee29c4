/**
 * The API process's composition root: the shared core services (content, store, Redis, queues, SMS) →
 * USSD, SMS callbacks, console, metrics → HTTP app (and the queue workers when WORKERS=inline). `close()`
 * shuts everything in the order SIGTERM requires.
 */
import type { RequestListener } from 'node:http';
import { join } from 'node:path';
import type { Express } from 'express';
import type { Config } from './config';
import type { UssdBudget } from './domain/flow/pager';
import type { Logger } from './logger';
import { createAtUssdRoutes } from './adapters/gateways/at-ussd.route';
import { createGatewayFrontDoor } from './adapters/gateways/gateway-front-door';
import { createFrenchFallbackStore } from './adapters/redis/voice-french-ok.store';
import {
  createAtVoiceCallAnswerer,
  createAtVoiceRouter,
  type AtVoiceDeps,
} from './adapters/voice/at-voice.route';
import { createVoiceLeanRoute, type TrustProxyFn } from './composition/voice-lean-route';
import { PromptLibrary } from './adapters/voice/prompt-library';
import { createVoiceStudio } from './adapters/voice/voice-studio';
import { createRecordingQueue } from './adapters/queue/recording-queue';
import { createSealedReportAudioStore, REPORT_AUDIO_DIR } from './adapters/voice/sealed-report-audio.store';
import { createApp } from './adapters/http/app';
import { createLoginAttemptsStore } from './adapters/redis/login-attempts.store';
import { createHubtelUssdRoutes } from './adapters/gateways/hubtel-ussd.route';
import { requireGatewaySecret } from './adapters/http/gateway-secret';
import { createConsoleRouter } from './adapters/http/console.router';
import { createQueueDashboard } from './adapters/http/queue-dashboard.route';
import { allQueues } from './adapters/queue/queues';
import { createRequireRole } from './adapters/http/require-role.middleware';
import { createMetricsRouter } from './adapters/metrics/metrics.route';
import { wireHopService, wireInboundSms, wireReporting, wireSmsCallbacks } from './composition/phone-wiring';
import { startInboxDrain } from './composition/inbox-drain-timer';
import type { Reporting } from './phone/reporting.resolvers';
import { createHopAnswerCache } from './adapters/redis/hop-answer-cache';
import { callerKey } from './domain/privacy/caller-key';
import { redisHasAof } from './adapters/redis/redis-persistence';
import type { EffectHandler } from './phone/hop-context';
import { createCoreServices, type CoreServices } from './core-services';
import { assertFlowNamesRegistered } from './domain/flow/flow-names';
import { phoneRendering } from './domain/flow/phone-rendering';
import { seedDirectory } from './console/services/directory-seed.service';
import { ContactVisibility } from './phone/contact-visibility';
import { createSendSmsEffect } from './phone/followup-sms.effect';
import { parseStaffedHours } from './domain/voice/transfer';
import { startInstrumentedWorkers, type RunningWorkers } from './composition/workers';

/** What a test (or the simulator) may replace in the runtime's wiring; the service itself passes none. */
export interface RuntimeOverrides {
  /** The time the phone layer sees (hops, report dates). */
  clock?: () => Date;
}

/** The window of the per-address login limit (console). */
const LOGIN_WINDOW_MS = 15 * 60_000;
import { serveSmppBind, smppReadiness } from './smpp-wiring';

export interface Runtime extends Omit<CoreServices, 'close'> {
  /** Console, API, dashboard, health, metrics and SMS callbacks. */
  app: Express;
  /** What the HTTP server runs: the phone callbacks on the lean gateway path, the rest through `app`. */
  handler: RequestListener;
  /** The phone layer's reporting (resolvers, effects, SMS reports), as the hop service and /sms use it. */
  reporting: Reporting;
  /** The queue workers of this process (WORKERS=inline), or null. */
  workers: RunningWorkers | null;
  /** Marks the process as draining: new HTTP requests get 503. */
  beginShutdown(): void;
  /** Closes workers, queues, store and Redis, in that order (the HTTP server is closed by the caller). */
  close(): Promise<void>;
}

export async function createRuntime(
  config: Config,
  logger: Logger,
  overrides: RuntimeOverrides = {},
): Promise<Runtime> {
  const clock = overrides.clock ? { clock: overrides.clock } : {};
  const core = await createCoreServices(config, logger);
  const { content, metrics, sealer, store, redis, queues, templates, tipCount, smsSender, tips } = core;
  const prefix = config.QUEUE_PREFIX;

  // flows/directory.yaml into the store: all of it on the first start, then only ids the store lacks.
  await seedDirectory(
    { store, clock: { now: overrides.clock ?? (() => new Date()) }, logger },
    content.directory.entries,
  );
  // One per process: the console below refreshes it at once when a supervisor records a test call here.
  const contactVisibility = new ContactVisibility({
    directory: content.directory.entries,
    entries: store.directory,
    testCalls: store.testCalls,
    verifyDays: config.CONTACT_VERIFY_DAYS,
    logger,
  });
  const effects: Record<string, EffectHandler> = {
    // "Receive this by SMS", with the directory contacts the screens show now.
    sendSms: createSendSmsEffect({ flow: content.flow, smsSender, templates, contacts: contactVisibility }),
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

  const reporting = wireReporting({
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
    // Reports the store refused go through the queue: counted when the worker stores them (instrumentWorker).
    onFiled: (channel, via) => {
      if (via === 'store') metrics.reportsCreated.inc({ channel, path: 'store' });
    },
    ...clock,
  });

  const sessionEffects = { ...effects, ...reporting.effects };
  // A flow naming an action, resolver or validator with no handler here stops the boot, naming the node.
  assertFlowNamesRegistered(content.flow, {
    actions: ['setLanguage', ...Object.keys(sessionEffects)],
    resolvers: Object.keys(reporting.resolvers),
    validators: Object.keys(reporting.validators),
  });
  const rendering = phoneRendering(config.BAMBARA_SPELLING, content.flow.gsmSafe?.ussd ?? true);
  // One hop service per screen budget: USSD over SMPP may be given a smaller one than the HTTP dialects.
  const hopService = (budget?: UssdBudget) =>
    wireHopService({
      flow: content.flow,
      spelling: config.BAMBARA_SPELLING,
      redis,
      prefix,
      pepper: config.PEPPER,
      serviceCode: config.USSD_SERVICE_CODE,
      logger,
      resolvers: reporting.resolvers,
      effects: sessionEffects,
      validators: reporting.validators,
      startHook: reporting.startHook,
      contacts: contactVisibility,
      ...clock,
      ...(budget ? { budget } : {}),
    });
  const sessions = hopService();

  // What every channel that receives SMS (AT's callbacks, an SMPP bind) is wired with.
  const smsWiring = {
    store,
    sender: smsSender,
    sealer,
    templates,
    tipCount,
    createSmsReport: reporting.createSmsReport,
    redis,
    prefix,
    config,
    logger,
  };

  const atInbound = wireInboundSms(smsWiring);
  const inboundReceivers = [atInbound];
  if (core.smpp) {
    // People's SMS over SMPP go to the same inbound receiver as AT's /sms/inbound, once per message id. An
    // SMPP message has no id of its own (a hash of sender and text), so one is remembered 10 minutes only.
    const smppInbound = wireInboundSms({
      ...smsWiring,
      inboundClaimsPrefix: `${prefix}:smpp`,
      inboundDoneSeconds: 600,
      inboxChannel: 'smpp',
    });
    inboundReceivers.push(smppInbound);
    serveSmppBind(core, {
      inbound: smppInbound,
      ussdSessions:
        config.USSD_SMPP === 'on'
          ? hopService({ gsm7: config.SMPP_USSD_BUDGET_GSM7, ucs2: config.SMPP_USSD_BUDGET_UCS2 })
          : null,
    });
  }

  // One library for the gateway and the studio: a take saved in the console plays on the next call.
  const prompts = PromptLibrary.load(config.FLOWS_DIR, join(config.DATA_DIR, 'voice'));
  const reportAudio = createSealedReportAudioStore(join(config.DATA_DIR, REPORT_AUDIO_DIR), sealer);
  const consoleDeps = {
    store,
    sealer,
    smsSender,
    onTestCallRecorded: () => contactVisibility.invalidate(),
    clock: { now: () => new Date() },
    config,
    logger,
    replyNoticeText: (locale: 'fr' | 'bm') => templates('reply_notice', locale),
    loginRateLimit: {
      windowMs: LOGIN_WINDOW_MS,
      limit: config.LOGIN_FAILURES_PER_ADDRESS,
      store: createLoginAttemptsStore(redis, logger, prefix),
    },
    voiceStudio: createVoiceStudio(content.flow, prompts, '/voice/audio', content.directory.entries),
    reportAudio,
  };

  let shuttingDown = false;
  const voiceDeps: AtVoiceDeps = {
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
    recordings: createRecordingQueue(queues.recordings, logger, (add) => core.redisBreaker.run(add)),
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
  };
  const app = createApp({
    logger,
    isShuttingDown: () => shuttingDown,
    upgradeInsecureRequests: config.NODE_ENV === 'production',
    trustProxy: config.TRUST_PROXY,
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
      ...smppReadiness(core.smpp),
    ],
    routers: [
      createAtVoiceRouter(voiceDeps),
      createMetricsRouter({
        metrics,
        token: config.METRICS_TOKEN,
        queues: allQueues(queues),
        logger,
      }),
      wireSmsCallbacks(smsWiring, atInbound),
      createConsoleRouter(consoleDeps),
      createQueueDashboard(allQueues(queues), createRequireRole(consoleDeps)('admin')),
    ],
  });

  const handler = createGatewayFrontDoor({
    routes: [
      ...createAtUssdRoutes({ sessions, gatewaySecret: config.GATEWAY_SECRET, metrics }),
      ...createHubtelUssdRoutes({
        sessions,
        answers: createHopAnswerCache(redis, logger, prefix),
        callerKeyOf: (e164) => callerKey(config.PEPPER, e164),
        serviceCode: config.USSD_SERVICE_CODE,
        gatewaySecret: config.GATEWAY_SECRET,
        metrics,
      }),
      createVoiceLeanRoute({
        answer: createAtVoiceCallAnswerer(voiceDeps),
        gatewaySecret: config.GATEWAY_SECRET,
        trustProxy: app.get('trust proxy fn') as TrustProxyFn,
      }),
    ],
    fallback: app,
    logger,
    isShuttingDown: () => shuttingDown,
  });

  const workers = config.WORKERS === 'inline' ? await startInstrumentedWorkers(core) : null;
  const inboxDrain = startInboxDrain({
    inbox: store.inbox,
    receivers: inboundReceivers,
    sealer,
    logger,
    everyMs: config.INBOX_DRAIN_EVERY_MS,
  });

  return {
    ...core,
    app,
    handler,
    reporting,
    workers,
    beginShutdown: () => {
      shuttingDown = true;
    },
    async close() {
      await inboxDrain.stop();
      if (workers) {
        // Running jobs finish first; nothing new is taken meanwhile.
        await workers.close();
        logger.info({ stage: 'workers' }, 'closed');
      }
      await core.close();
    },
  };
}
