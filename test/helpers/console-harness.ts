import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import type { Express } from 'express';
import request from 'supertest';
import { testConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { openSqliteStore } from '../../src/adapters/sqlite/sqlite-store';
import { createConsoleRouter } from '../../src/adapters/http/console.router';
import { hashPassword } from '../../src/console/auth/password-hasher';
import type { ConsoleDeps, CounsellorReplyMessage } from '../../src/console/console-deps';
import { seedDirectory } from '../../src/console/services/directory-seed.service';
import type { DirectoryEntry } from '../../src/domain/flow/directory';
import { Sealer } from '../../src/domain/privacy/sealing';
import type { Counsellor, Role, Store } from '../../src/domain/ports';
import type { NewReport, Report } from '../../src/domain/reports/report';
import { aNewReport } from './report-fixture';

/** A clock the test moves by hand (idle expiry, lock-out). */
export class FakeClock {
  constructor(private current = new Date('2025-11-03T10:00:00Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** Records what the console asked the SMS pipeline to send. */
export class RecordingSmsSender {
  readonly sent: CounsellorReplyMessage[] = [];
  outcome: { queued: boolean } | Error = { queued: true };
  send(message: CounsellorReplyMessage): Promise<{ queued: boolean }> {
    this.sent.push(message);
    return this.outcome instanceof Error ? Promise.reject(this.outcome) : Promise.resolve(this.outcome);
  }
}

/** Seeded into the harness's store as flows/directory.yaml is at boot. */
export const TEST_DIRECTORY: DirectoryEntry[] = [
  {
    id: 'police_bamako',
    name: 'Commissariat de police (Bamako)',
    regions: ['bamako'],
    kind: 'police',
    phone: '17',
    source: 'https://example.org/police',
    verified: '2025-11-20',
  },
  {
    id: 'ngo_unverified',
    name: 'Association partenaire',
    regions: ['kayes'],
    kind: 'legal_aid',
    source: 'https://example.org/ngo',
    verified: false,
    note: 'numéro à confirmer',
  },
];

export const TEST_PASSWORD = 'correct horse battery staple';

export interface ConsoleHarness {
  app: Express;
  store: Store;
  clock: FakeClock;
  sms: RecordingSmsSender;
  sealer: Sealer;
  deps: ConsoleDeps;
  /** Settles once the directory is seeded into the store (awaited by `useConsoleHarness`). */
  ready: Promise<void>;
  close(): Promise<void>;
}

/** The console's dependencies, plus the directory YAML seeded into the store (TEST_DIRECTORY by default). */
export type HarnessOptions = Partial<ConsoleDeps> & { directory?: DirectoryEntry[] };

/** The console router on a bare express app, over a real SQLite store in a temp dir. */
export function createConsoleHarness(options: HarnessOptions = {}): ConsoleHarness {
  const { directory = TEST_DIRECTORY, ...overrides } = options;
  const dir = mkdtempSync(join(tmpdir(), 'tanga-console-'));
  const store = openSqliteStore({ file: join(dir, 'console.sqlite') });
  const config = testConfig({ SESSION_IDLE_MINUTES: '30' });
  const sealer = new Sealer({ keys: config.SEAL_KEYS, currentKeyId: config.SEAL_CURRENT_KEY_ID });
  const clock = new FakeClock();
  const sms = new RecordingSmsSender();
  const deps: ConsoleDeps = {
    store,
    sealer,
    smsSender: sms,
    clock,
    config,
    logger: createLogger({ level: 'silent' }),
    loginRateLimit: { windowMs: 60_000, limit: 1000 },
    ...overrides,
  };
  const app = express();
  app.use(createConsoleRouter(deps));
  const ready = seedDirectory({ store, clock, logger: createLogger({ level: 'silent' }) }, directory).then(
    () => undefined,
  );
  return {
    app,
    store,
    clock,
    sms,
    sealer,
    deps,
    ready,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let accountSeq = 0;

/** An account with a cheap hash (fast tests); the login path reads the parameters from the hash. */
export async function createTestAccount(
  h: { store: Store; clock: FakeClock },
  role: Role,
  name?: string,
): Promise<Counsellor & { password: string }> {
  accountSeq += 1;
  const account = await h.store.counsellors.create({
    email: `${role}${accountSeq}@tanga.test`,
    displayName: name ?? `${role} ${accountSeq}`,
    role,
    passwordHash: await hashPassword(TEST_PASSWORD, { N: 1024, r: 8, p: 1 }),
    failedLogins: 0,
    lockedUntil: null,
    active: true,
    createdAt: h.clock.now(),
  });
  return { ...account, password: TEST_PASSWORD };
}

/** Console reports were made two days before the console clock starts. */
const CONSOLE_REPORTED_AT = new Date('2025-11-01T08:00:00Z');

function newReport(overrides: Partial<NewReport>): NewReport {
  return aNewReport({ createdAt: new Date(CONSOLE_REPORTED_AT), ...overrides });
}

/** A report whose reporter agreed to be contacted, with a sealed number. */
export function consentedReport(
  sealer: Sealer,
  number = '+22370000001',
  overrides: Partial<NewReport> = {},
): NewReport {
  return newReport({
    contact: 'sms_or_call',
    sealedContact: sealer.seal(number),
    safeHours: { start: 9, end: 17 },
    ...overrides,
  });
}

export function seedReport(store: Store, overrides: Partial<NewReport> = {}): Promise<Report> {
  return store.reports.create(newReport(overrides));
}

export type Agent = ReturnType<typeof request.agent>;

/** Logs in through the API; returns a cookie-keeping agent and the session's CSRF token. */
export async function apiLogin(
  app: Express,
  email: string,
  password = TEST_PASSWORD,
): Promise<{ agent: Agent; csrf: string }> {
  const agent = request.agent(app);
  const res = await agent.post('/api/v1/auth/login').send({ email, password });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { agent, csrf: (res.body as { csrfToken: string }).csrfToken };
}

/** A signed-in API user: their account id, a cookie-keeping agent and the session's CSRF token. */
export interface ApiSession {
  id: string;
  agent: Agent;
  csrf: string;
  /** A write to `/api/v1<path>`, with the session's CSRF token. */
  post(path: string, body?: object): request.Test;
  patch(path: string, body?: object): request.Test;
}

/** A new account with `role`, logged in through the API. */
export async function apiSignIn(
  h: { app: Express; store: Store; clock: FakeClock },
  role: Role,
): Promise<ApiSession> {
  const account = await createTestAccount(h, role);
  const { agent, csrf } = await apiLogin(h.app, account.email);
  const write =
    (method: 'post' | 'patch') =>
    (path: string, body: object = {}): request.Test =>
      agent[method](`/api/v1${path}`).set('x-csrf-token', csrf).send(body);
  return { id: account.id, agent, csrf, post: write('post'), patch: write('patch') };
}

/** The harness of the running test, plus what most console tests do first. */
export interface ConsoleHarnessHandle extends ConsoleHarness {
  /** A new account with `role`, logged in through the API. */
  signIn(role: Role): Promise<ApiSession>;
  /** Closes this test's harness and starts another with `overrides` (for one test's own settings). */
  replace(overrides: HarnessOptions): Promise<void>;
}

/**
 * Registers beforeEach/afterEach so every test gets a fresh harness, closed after it. Call at the top of a
 * test file; the handle's fields are the current test's harness (refreshed before each test).
 */
export function useConsoleHarness(overrides: HarnessOptions = {}): ConsoleHarnessHandle {
  const handle = {
    signIn: (role: Role) => apiSignIn(handle, role),
    async replace(replacement: HarnessOptions) {
      await handle.close();
      Object.assign(handle, createConsoleHarness(replacement));
      await handle.ready;
    },
  } as ConsoleHarnessHandle;
  beforeEach(async () => {
    Object.assign(handle, createConsoleHarness(overrides));
    await handle.ready;
  });
  afterEach(async () => {
    await handle.close();
  });
  return handle;
}
