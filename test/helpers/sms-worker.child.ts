/**
 * A real SMS worker in its own process, for the crash test: the parent kills it with SIGKILL in the
 * middle of a send. Configured through environment variables; says "ready" over IPC once it runs.
 */
import { Redis } from 'ioredis';
import { createAtSmsGateway } from '../../src/adapters/gateways/at-sms.gateway';
import { createQueues } from '../../src/adapters/queue/queues';
import { wireSmsWorker } from '../../src/composition/workers';
import { openSqliteStore } from '../../src/adapters/sqlite/sqlite-store';
import { testConfig } from '../../src/config';
import { Sealer } from '../../src/domain/privacy/sealing';
import { createLogger } from '../../src/logger';

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} missing`);
  return v;
};

async function main(): Promise<void> {
  const config = testConfig({ SEAL_KEYS: env('SEAL_KEYS'), SEAL_CURRENT_KEY_ID: env('SEAL_CURRENT_KEY_ID') });
  const logger = createLogger({ level: 'silent' });
  const redis = new Redis(env('REDIS_URL'));
  const queues = createQueues(redis, env('QUEUE_PREFIX'));
  await queues.ready();
  const worker = wireSmsWorker({
    queues,
    redis,
    store: openSqliteStore({ file: env('STORE_FILE') }),
    gateway: createAtSmsGateway(
      { username: 'sandbox', apiKey: 'k', baseUrl: env('AT_URL'), timeoutMs: 60_000 },
      logger,
    ),
    sealer: new Sealer({ keys: config.SEAL_KEYS, currentKeyId: config.SEAL_CURRENT_KEY_ID }),
    config,
    logger,
    // Short, and the same as the parent's: a stalled check sets a guard key that lasts one interval.
    workerOptions: { lockDuration: 1_000, stalledInterval: 300 },
  });
  await worker.waitUntilReady();
  process.send?.('ready');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
