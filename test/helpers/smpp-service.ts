/**
 * The whole service (startServer → createRuntime, workers inline) bound over SMPP to a local SMSC: real
 * TCP, the shared Redis under a unique prefix, SQLite in a temp folder. `close` stops the service (which
 * unbinds), then the SMSC, and removes what it made.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { LocalSmsc, type LocalSmscOptions } from '../../scripts/local-smsc';
import { startServer, type RunningServer } from '../../src/server';

export const SHORT_CODE = '36123';
export const METRICS_TOKEN = 'metrics-token-for-smpp-tests';

export interface SmppService {
  smsc: LocalSmsc;
  running: RunningServer;
  url: string;
  prefix: string;
  /** Stops the service (unbind), keeps the SMSC open for assertions. */
  stopService(): Promise<void>;
  close(): Promise<void>;
}

export async function startSmppService(
  env: Record<string, string> = {},
  smscOptions: LocalSmscOptions = {},
): Promise<SmppService> {
  const smsc = new LocalSmsc({ systemId: 'tanga', password: 'pw', autoReceipts: true, ...smscOptions });
  const port = await smsc.listen();
  const dataDir = mkdtempSync(join(tmpdir(), 'tanga-smpp-'));
  const prefix = `t-smpp-${process.pid}-${randomBytes(3).toString('hex')}`;
  const running = await startServer({
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: prefix,
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    NODE_ENV: 'test',
    WORKERS: 'inline',
    METRICS_TOKEN,
    SMS_GATEWAY: 'smpp',
    SMPP_URL: `smpp://tanga:pw@127.0.0.1:${port}`,
    SMPP_SOURCE_ADDR: SHORT_CODE,
    SMS_RATE_PER_SECOND: '1000',
    USSD_SMPP: 'on',
    ...env,
  });
  await running.runtime.smpp?.whenBound();
  let stopped = false;
  const stopService = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await running.stop();
  };
  return {
    smsc,
    running,
    url: `http://127.0.0.1:${running.port}`,
    prefix,
    stopService,
    async close() {
      const { queues } = running.runtime;
      for (const q of [queues.sms, queues.reports, queues.schedules]) {
        await q.obliterate({ force: true }).catch(() => undefined);
      }
      await stopService();
      await smsc.close();
      const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
