/**
 * The service as deployed (startServer) for voice tests: the real flows copied to a temp dir (without
 * placeholders or transcripts, so a test may add recordings), real Redis, SQLite, the voice audio base URL
 * set, and a way to sign a console account in through the same service's API.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '../../src/console/auth/password-hasher';
import type { Role } from '../../src/domain/ports';
import { startServer, type RunningServer } from '../../src/server';
import { apiLogin } from './console-harness';

export const VOICE_TEST_PASSWORD = 'une phrase de passe assez longue';

export interface VoiceService {
  svc: RunningServer;
  /** A console account of `role`, signed in through the service's API. */
  signIn(role: Role): ReturnType<typeof apiLogin>;
  close(): Promise<void>;
}

export async function startVoiceService(
  name: string,
  opts: { gatewaySecret: string; prepareFlows?: (flowsDir: string) => void },
): Promise<VoiceService> {
  const dir = mkdtempSync(join(tmpdir(), `tanga-${name}-`));
  const flows = join(dir, 'flows');
  cpSync(join(__dirname, '..', '..', 'flows'), flows, {
    recursive: true,
    filter: (src) => !src.includes('placeholders') && !src.includes('transcripts'),
  });
  opts.prepareFlows?.(flows);
  const svc = await startServer({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: join(dir, 'data'),
    FLOWS_DIR: flows,
    LOG_LEVEL: 'silent',
    WORKERS: 'none',
    QUEUE_PREFIX: `${name.replace(/[^a-z]/g, '')}${Date.now()}`,
    NODE_ENV: 'test',
    GATEWAY_SECRET: opts.gatewaySecret,
    VOICE_AUDIO_BASE_URL: 'https://audio.tanga.test/voice/audio',
  });
  return {
    svc,
    async signIn(role) {
      const account = await svc.runtime.store.counsellors.create({
        email: `${role}${Date.now()}@tanga.test`,
        displayName: role,
        role,
        passwordHash: await hashPassword(VOICE_TEST_PASSWORD, { N: 1024, r: 8, p: 1 }),
        failedLogins: 0,
        lockedUntil: null,
        active: true,
        createdAt: new Date(),
      });
      return apiLogin(svc.runtime.app, account.email, VOICE_TEST_PASSWORD);
    },
    async close() {
      await svc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
