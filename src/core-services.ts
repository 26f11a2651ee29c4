/**
 * What the API process and the worker process both need, built one way: content, store, Redis, queues,
 * sealing, SMS templates, the SMS sender and the tips service. `close()` shuts the queues, the store and
 * Redis, in that order (workers and the HTTP server are closed before it by their owners).
 */
import type { Redis } from 'ioredis';
import type { Config } from './config';
import type { Logger } from './logger';
import { loadContent, type LoadedContent } from './adapters/flows/flow-files';
import { createMetrics, type Metrics } from './adapters/metrics/metrics';
import { closeQueues, createQueues, type Queues } from './adapters/queue/queues';
import { createRedisBreaker, guardRedis, type RedisBreaker } from './adapters/redis/redis-breaker';
import { closeRedis, createRedis, FAST_COMMAND_TIMEOUT_MS } from './adapters/redis/redis-client';
import { redisHasAof } from './adapters/redis/redis-persistence';
import type { SmppLink } from './adapters/smpp/smpp-link';
import { createSmppLink } from './adapters/smpp/smpp-link.factory';
import { openStore } from './adapters/store-factory';
import type { Store } from './domain/ports';
import { Sealer } from './domain/privacy/sealing';
import { countTips, createSmsTemplates, type SmsTemplates } from './domain/sms/sms-templates';
import type { SmsSender } from './phone/sms-sender.service';
import type { TipsService } from './phone/tips.service';
import { wireSmsSender, wireTips } from './composition/phone-wiring';

export interface CoreServices {
  config: Config;
  logger: Logger;
  content: LoadedContent;
  metrics: Metrics;
  store: Store;
  /** The `fast` connection behind the breaker: USSD path, counters, drafts (never waits on a sick Redis). */
  redis: Redis;
  /** Open while Redis is known slow or down; its `run` guards queue adds made on a phone hop. */
  redisBreaker: RedisBreaker;
  /** The connection BullMQ's queues are made from. */
  queueRedis: Redis;
  queues: Queues;
  sealer: Sealer;
  templates: SmsTemplates;
  tipCount: number;
  smsSender: SmsSender;
  tips: TipsService;
  /** The process's SMPP bind when SMS or USSD goes over SMPP (started by the process's wiring), else null. */
  smpp: SmppLink | null;
  /** Unbinds SMPP, then closes queues, store and Redis, in that order, with one log line per stage. */
  close(): Promise<void>;
}

export async function createCoreServices(config: Config, logger: Logger): Promise<CoreServices> {
  // A bad flow stops the boot here, with every problem listed.
  const content = loadContent(config.FLOWS_DIR, {
    spelling: config.BAMBARA_SPELLING,
    serviceCode: config.USSD_SERVICE_CODE,
  });
  const metrics = createMetrics();
  const sealer = new Sealer({ keys: config.SEAL_KEYS, currentKeyId: config.SEAL_CURRENT_KEY_ID });
  const store = await openStore(config, logger);
  const fastRedis = createRedis(config.REDIS_URL, 'fast', logger);
  const redisBreaker = createRedisBreaker(fastRedis, {
    logger,
    // Queue adds run a Lua script of several commands: a little more room than one command.
    deadlineMs: FAST_COMMAND_TIMEOUT_MS + 100,
    probeMs: 250,
  });
  const redis = guardRedis(fastRedis, redisBreaker);
  fastRedis.once('ready', () => {
    void redisHasAof(fastRedis).then((aof) => {
      if (aof === false) {
        logger.warn(
          'redis runs without appendonly (AOF): a Redis restart loses queued jobs; set appendonly yes',
        );
      }
    });
  });
  const queueRedis = createRedis(config.REDIS_URL, 'blocking', logger);
  const queues = createQueues(queueRedis, config.QUEUE_PREFIX, { logger });
  const templates = createSmsTemplates(content.flow, {
    spelling: config.BAMBARA_SPELLING,
    defaults: { serviceCode: config.USSD_SERVICE_CODE },
  });
  const tipCount = countTips(content.flow);
  const smsSender = wireSmsSender({
    queue: queues.sms,
    store,
    sealer,
    config,
    logger,
    guard: (add) => redisBreaker.run(add),
    resendAfterMs: config.OUTBOX_RESEND_AFTER_MS,
  });
  const tips = wireTips({
    store,
    sender: smsSender,
    sealer,
    templates,
    tipCount,
    redis,
    prefix: config.QUEUE_PREFIX,
    config,
    logger,
  });
  const smpp = createSmppLink(config, logger, {
    onState: (state) => {
      metrics.smppBound.set(state === 'bound' ? 1 : 0);
      if (state !== 'connecting') metrics.smppLinkChanges.inc({ outcome: state });
    },
    onPdu: (command, status) => metrics.smppPdus.inc({ command, status }),
  });
  return {
    config,
    logger,
    content,
    metrics,
    store,
    redis,
    redisBreaker,
    queueRedis,
    queues,
    sealer,
    templates,
    tipCount,
    smsSender,
    tips,
    smpp,
    async close() {
      // One line per stage, so an operator (and the shutdown test) can see how far a shutdown got.
      // The bind goes first: the workers that sent through it are closed already, and a receipt arriving
      // now could no longer be written once the store is closed.
      if (smpp) {
        await smpp.close();
        logger.info({ stage: 'smpp' }, 'closed');
      }
      await closeQueues(queues);
      logger.info({ stage: 'queues' }, 'closed');
      await store.close();
      logger.info({ stage: 'store' }, 'closed');
      redisBreaker.stop();
      await Promise.all([closeRedis(fastRedis), closeRedis(queueRedis)]);
      logger.info({ stage: 'redis' }, 'closed');
    },
  };
}
