/**
 * The whole service as `npm start` builds it (startServer → createRuntime), in-process, on a free port,
 * with its own throwaway redis-server and SQLite folder, so a test may stop either without touching
 * anyone else's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../src/server';
import { PrivateRedis } from './private-redis';

export interface TestService {
  running: RunningServer;
  redis: PrivateRedis;
  url: string;
  /** Stops the service, then its Redis, then removes its data folder. */
  close(): Promise<void>;
}

export async function startTestService(env: Record<string, string> = {}): Promise<TestService> {
  const redis = await PrivateRedis.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'tanga-svc-'));
  let running: RunningServer;
  try {
    running = await startServer({
      REDIS_URL: redis.url,
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      WORKERS: 'none',
      ...env,
    });
  } catch (err) {
    await redis.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  // The service listens before its Redis connection is up (USSD works without it); tests start from "up".
  const client = running.runtime.redis;
  if (client.status !== 'ready') await new Promise((resolve) => client.once('ready', resolve));
  return {
    running,
    redis,
    url: `http://127.0.0.1:${running.port}`,
    async close() {
      await running.stop();
      await redis.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
