import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { allQueues, closeQueues, createQueues } from '../../src/adapters/queue/queues';
import type { QueueTuning, Queues } from '../../src/adapters/queue/queues';
import { openSqliteStore } from '../../src/adapters/sqlite/sqlite-store';
import { testConfig } from '../../src/config';
import type { Config } from '../../src/config';
import type { Store } from '../../src/domain/ports';
import { Sealer } from '../../src/domain/privacy/sealing';
import type { Locale } from '../../src/domain/shared/locale';
import type { SmsTemplates } from '../../src/domain/sms/sms-templates';
import { createLogger } from '../../src/logger';
import type { Logger } from '../../src/logger';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface SmsTestEnv {
  config: Config;
  logger: Logger;
  redis: Redis;
  prefix: string;
  queues: Queues;
  store: Store;
  storeFile: string;
  sealer: Sealer;
  cleanup(): Promise<void>;
}

/**
 * Real Redis (a unique key prefix per call), real SQLite in a temp dir, the queues. `cleanup` obliterates
 * the queues, deletes every key under the prefix and closes everything, so Jest exits cleanly.
 */
export async function createSmsTestEnv(
  name: string,
  opts: { config?: Record<string, string>; tuning?: QueueTuning } = {},
): Promise<SmsTestEnv> {
  const config = testConfig(opts.config ?? {});
  const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const prefix = `t-${name}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 3 });
  const queues = createQueues(redis, prefix, opts.tuning);
  await queues.ready();
  const dir = mkdtempSync(join(tmpdir(), `tanga-${name}-`));
  const storeFile = join(dir, 'tanga.db');
  const store = openSqliteStore({ file: storeFile });
  const sealer = new Sealer({ keys: config.SEAL_KEYS, currentKeyId: config.SEAL_CURRENT_KEY_ID });
  return {
    config,
    logger,
    redis,
    prefix,
    queues,
    store,
    storeFile,
    sealer,
    async cleanup() {
      for (const q of allQueues(queues)) {
        await q.obliterate({ force: true }).catch(() => undefined);
      }
      await closeQueues(queues);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Templates for tests: the id, locale and variables, readable in assertions. */
export const testTemplates: SmsTemplates = (
  id: string,
  locale: Locale,
  vars: Record<string, string> = {},
) => {
  const filled = Object.entries(vars)
    .map(([k, v]) => ` ${k}=${v}`)
    .join('');
  return `${locale}:${id}${filled}`;
};
