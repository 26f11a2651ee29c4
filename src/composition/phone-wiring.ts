/**
 * Part of the composition root: builds the phone application layer (src/phone) over its adapters (Redis,
 * BullMQ). The runtime, the worker process and the tests all build these services through here, so a test
 * runs the wiring the service runs.
 */
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Router } from 'express';
import type { Config } from '../config';
import type { BambaraSpelling } from '../domain/flow/bambara-spelling';
import type { UssdBudget } from '../domain/flow/pager';
import type { CompiledFlow } from '../domain/flow/compile';
import { phoneRendering } from '../domain/flow/phone-rendering';
import type { Store } from '../domain/ports';
import { callerKey } from '../domain/privacy/caller-key';
import type { RandomSource } from '../domain/reports/report-code';
import type { Channel, ReportStatus } from '../domain/reports/report';
import type { Locale } from '../domain/shared/locale';
import type { Sealed } from '../domain/shared/sealed';
import type { SmsTemplates } from '../domain/sms/sms-templates';
import type { Logger } from '../logger';
import { createSmsCallbacksRouter } from '../adapters/http/sms-callbacks.route';
import type { ReportJob, SmsJob, SmsJobResult } from '../adapters/queue/queues';
import { createBullReportQueue, deadlineGuard, type QueueGuard } from '../adapters/queue/report-queue';
import { createBullSmsQueue } from '../adapters/queue/sms-queue';
import { createCallerPrefsStore } from '../adapters/redis/caller-prefs.store';
import { createDailyCap } from '../adapters/redis/daily-cap';
import { createInboundSmsClaims } from '../adapters/redis/inbound-sms-claims';
import { createReportFilingGate } from '../adapters/redis/report-filing-gate';
import { createReportDraftStore } from '../adapters/redis/report-draft.store';
import { createWeeklyMarkers } from '../adapters/redis/weekly-markers';
import { createUssdHistoryStore } from '../adapters/redis/ussd-history.store';
import { createWrongCodeCounter } from '../adapters/redis/wrong-code-counter';
import type { EffectHandler, Resolver, StartHook } from '../phone/hop-context';
import { PhoneHopService } from '../phone/hop.service';
import type { ContactVisibility } from '../phone/contact-visibility';
import { createReportingResolvers, type Reporting } from '../phone/reporting.resolvers';
import { createSmsDeliveryService } from '../phone/sms-delivery.service';
import { createInboundSmsReceiver, type InboundSmsReceiver } from '../phone/sms-inbound.receiver';
import { createInboundSmsService, type CreateSmsReport } from '../phone/sms-inbound.service';
import { createSmsSender, type SmsSender } from '../phone/sms-sender.service';
import { createTipsService, type TipsService } from '../phone/tips.service';

/** How long a queue add may take when no breaker guards it. */
const DEFAULT_ENQUEUE_TIMEOUT_MS = 1_500;

const guardOf = (guard: QueueGuard | undefined, timeoutMs: number | undefined): QueueGuard =>
  guard ?? deadlineGuard(timeoutMs ?? DEFAULT_ENQUEUE_TIMEOUT_MS);

function wrongCodesOf(redis: Redis, prefix: string, perHour: number, logger: Logger) {
  return createWrongCodeCounter(redis, {
    prefix,
    perHour,
    onRedisError: (err) =>
      logger.warn(
        { err: { message: err instanceof Error ? err.message : 'unknown' } },
        'wrong-code count in Redis unavailable: counting in this instance',
      ),
  });
}

export interface SmsSenderWiring {
  queue: Queue<SmsJob, SmsJobResult>;
  store: Pick<Store, 'subscribers' | 'outbox'>;
  sealer: { seal(plain: string): Sealed };
  config: Pick<Config, 'TIMEZONE' | 'SAFE_HOURS_START' | 'SAFE_HOURS_END'>;
  logger: Logger;
  /** Runs a queue add (the Redis breaker's `run`); default: a plain deadline of `enqueueTimeoutMs`. */
  guard?: QueueGuard;
  enqueueTimeoutMs?: number;
  resendAfterMs?: number;
  clock?: () => Date;
}

export function wireSmsSender(w: SmsSenderWiring): SmsSender {
  return createSmsSender({
    queue: createBullSmsQueue(w.queue, guardOf(w.guard, w.enqueueTimeoutMs)),
    store: w.store,
    sealer: w.sealer,
    config: w.config,
    logger: w.logger,
    ...(w.resendAfterMs !== undefined ? { resendAfterMs: w.resendAfterMs } : {}),
    ...(w.clock ? { clock: w.clock } : {}),
  });
}

export interface TipsWiring {
  store: Pick<Store, 'subscribers'>;
  sender: SmsSender;
  sealer: { seal(plain: string): Sealed };
  templates: SmsTemplates;
  tipCount: number;
  redis: Redis;
  prefix: string;
  config: Pick<Config, 'TIMEZONE' | 'SAFE_HOURS_START' | 'SAFE_HOURS_END'>;
  logger: Logger;
  clock?: () => Date;
}

export function wireTips(w: TipsWiring): TipsService {
  const { redis, prefix, ...rest } = w;
  return createTipsService({ ...rest, weekly: createWeeklyMarkers(redis, prefix, 'tips-week') });
}

export interface ReportingWiring {
  flow: CompiledFlow;
  store: Pick<Store, 'reports'>;
  reportsQueue: Queue<ReportJob>;
  /** The `fast` Redis connection of the phone path. */
  redis: Redis;
  /** Key prefix (QUEUE_PREFIX). */
  prefix: string;
  sealer: { seal(plain: string): Sealed };
  smsSender: SmsSender;
  templates: SmsTemplates;
  config: Pick<
    Config,
    | 'REPORTS_PER_CALLER_PER_DAY'
    | 'WRONG_CODES_PER_HOUR'
    | 'REPORT_DRAFT_TTL_SECONDS'
    | 'REPORT_TEXT_MAX'
    | 'TIMEZONE'
  >;
  logger: Logger;
  nodes?: { formStart?: string; limit?: string };
  random?: RandomSource;
  enqueueTimeoutMs?: number;
  /** Runs the report queue add (the Redis breaker's `run`). */
  queueGuard?: QueueGuard;
  clock?: () => Date;
  onFiled?: (channel: Channel, via: 'queue' | 'store') => void;
}

export function wireReporting(w: ReportingWiring): Reporting {
  const { reportsQueue, redis, prefix, queueGuard, enqueueTimeoutMs, ...rest } = w;
  // One cap, two readers: the filing gate counts into the set the daily cap reads before the form.
  const reportCap = {
    prefix,
    name: 'report-cap',
    perDay: w.config.REPORTS_PER_CALLER_PER_DAY,
    timeZone: w.config.TIMEZONE,
  };
  return createReportingResolvers({
    ...rest,
    reportQueue: createBullReportQueue(reportsQueue, guardOf(queueGuard, enqueueTimeoutMs)),
    filingGate: createReportFilingGate(redis, reportCap),
    reportCap: createDailyCap(redis, reportCap),
    wrongCodes: wrongCodesOf(redis, prefix, w.config.WRONG_CODES_PER_HOUR, w.logger),
    drafts: createReportDraftStore(redis, { prefix, ttlSeconds: w.config.REPORT_DRAFT_TTL_SECONDS }),
  });
}

export interface SmsCallbacksWiring {
  config: Pick<
    Config,
    'GATEWAY_SECRET' | 'PEPPER' | 'WRONG_CODES_PER_HOUR' | 'SAFE_HOURS_START' | 'SAFE_HOURS_END'
  >;
  store: Pick<Store, 'smsLog' | 'subscribers' | 'reports' | 'inbox'>;
  sender: SmsSender;
  /** Seals the sender's number in the inbox (a reply goes back to it). */
  sealer: { seal(plain: string): string };
  templates: SmsTemplates;
  tipCount: number;
  createSmsReport: CreateSmsReport;
  redis: Redis;
  prefix: string;
  logger: Logger;
  clock?: () => Date;
  statusLabel?: (status: ReportStatus, locale: Locale) => string;
  /** How long an inbound claim nobody completes holds its message id (default 120 s). */
  inboundPendingSeconds?: number;
  /**
   * How long a handled message id is remembered (default a day). SMPP gives people's SMS no id: theirs is a
   * hash of sender and text, so the same word sent again later must be heard again.
   */
  inboundDoneSeconds?: number;
  /** Key prefix of the claims, when a channel keeps its own (default `prefix`). */
  inboundClaimsPrefix?: string;
  /** Names the channel's messages in the inbox (default `at`). */
  inboxChannel?: string;
}

/**
 * Inbound SMS over the phone layer: keywords, handled once per message id (claims in Redis). Any channel
 * that receives SMS (AT's callback, an SMPP link) hands its messages to the receiver this returns.
 */
export function wireInboundSms(w: Omit<SmsCallbacksWiring, 'clock'>): InboundSmsReceiver {
  const service = createInboundSmsService({
    store: w.store,
    sender: w.sender,
    templates: w.templates,
    tipCount: w.tipCount,
    createSmsReport: w.createSmsReport,
    wrongCodes: wrongCodesOf(w.redis, w.prefix, w.config.WRONG_CODES_PER_HOUR, w.logger),
    config: w.config,
    logger: w.logger,
    ...(w.statusLabel ? { statusLabel: w.statusLabel } : {}),
  });
  const claims = createInboundSmsClaims(w.redis, w.inboundClaimsPrefix ?? w.prefix, {
    ...(w.inboundPendingSeconds !== undefined ? { pendingSeconds: w.inboundPendingSeconds } : {}),
    ...(w.inboundDoneSeconds !== undefined ? { doneSeconds: w.inboundDoneSeconds } : {}),
  });
  return createInboundSmsReceiver({
    claims,
    service,
    inbox: w.store.inbox,
    channel: w.inboxChannel ?? 'at',
    sealer: w.sealer,
    logger: w.logger,
  });
}

/** `POST /sms/delivery` and `POST /sms/inbound` over the phone layer's SMS services. */
export function wireSmsCallbacks(w: SmsCallbacksWiring, inbound = wireInboundSms(w)): Router {
  const callerKeyOf = (e164: string): string => callerKey(w.config.PEPPER, e164);
  return createSmsCallbacksRouter({
    inbound,
    delivery: createSmsDeliveryService({ store: w.store }),
    callerKeyOf,
    gatewaySecret: w.config.GATEWAY_SECRET,
    logger: w.logger,
    ...(w.clock ? { clock: w.clock } : {}),
  });
}

export interface HopServiceWiring {
  flow: CompiledFlow;
  spelling: BambaraSpelling;
  /** The `fast` Redis connection (caller language, session history). */
  redis: Redis;
  prefix: string;
  pepper: string;
  serviceCode: string;
  logger: Logger;
  resolvers?: Record<string, Resolver>;
  effects?: Record<string, EffectHandler>;
  validators?: Record<string, (input: string) => boolean>;
  startHook?: StartHook;
  clock?: () => Date;
  /** A smaller screen than the HTTP dialects' (USSD over SMPP may need one). */
  budget?: UssdBudget;
  /** Directory contacts shown now (test calls); one per process, shared by its hop services. */
  contacts?: ContactVisibility;
}

/** The hop service every phone channel feeds, over Redis for the caller's language and session history. */
export function wireHopService(w: HopServiceWiring): PhoneHopService {
  return new PhoneHopService({
    flow: w.flow,
    engine: {
      ...phoneRendering(w.spelling, w.flow.gsmSafe?.ussd ?? true),
      validators: w.validators ?? {},
      ...(w.budget ? { budget: w.budget } : {}),
    },
    prefs: createCallerPrefsStore(w.redis, w.logger, w.prefix),
    history: createUssdHistoryStore(w.redis, w.logger, w.prefix),
    callerKeyOf: (e164) => callerKey(w.pepper, e164),
    resolvers: w.resolvers ?? {},
    effects: w.effects ?? {},
    globals: { serviceCode: w.serviceCode },
    logger: w.logger,
    ...(w.startHook ? { startHook: w.startHook } : {}),
    ...(w.clock ? { clock: w.clock } : {}),
    ...(w.contacts ? { contacts: w.contacts } : {}),
  });
}
