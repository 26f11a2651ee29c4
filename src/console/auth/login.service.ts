import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../domain/errors';
import type { ConsoleSession, Counsellor } from '../../domain/ports';
import type { ConsoleConfig } from '../console-deps';
import { AUDIT, recordAudit } from '../services/audit-trail';
import type { AuditDeps } from '../services/audit-trail';
import { decoyHash, verifyPassword } from './password-hasher';
import { UnknownAccountLockouts, type FailureState } from './unknown-account-lockouts';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;

export interface AuthDeps extends AuditDeps {
  config: Pick<ConsoleConfig, 'SESSION_IDLE_MINUTES'>;
  /** Failure counts of addresses without an account; the console router makes one per instance. */
  unknownAccounts?: UnknownAccountLockouts;
  /** The password check (a test wraps the real one to count the hashing work). */
  verifyPassword?: (password: string, stored: string) => Promise<boolean>;
}

/** Used when a caller passes no counter: still one per process, so the counting holds. */
const fallbackUnknownAccounts = new UnknownAccountLockouts();

/** The count after one more failure; a lock that has run out starts a fresh count. */
function afterFailure(state: FailureState, now: Date): FailureState {
  const failedLogins = (state.lockedUntil === null ? state.failedLogins : 0) + 1;
  const lockedUntil =
    failedLogins >= MAX_FAILED_LOGINS ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000) : null;
  return { failedLogins, lockedUntil };
}

const lockedAt = (state: FailureState, now: Date): Date | null =>
  state.lockedUntil !== null && state.lockedUntil > now ? state.lockedUntil : null;

export interface SignedIn {
  session: ConsoleSession;
  counsellor: Counsellor;
}

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/** The session id is the SHA-256 of the cookie token: a copy of the sessions table cannot be replayed. */
export const sessionIdOf = (token: string): string =>
  createHash('sha256').update(token, 'utf8').digest('hex');

const badCredentials = (): AppError =>
  new AppError('Adresse e-mail ou mot de passe incorrect.', { code: 'unauthorized' });

function locked(until: Date): AppError {
  const hhmm = until.toISOString().slice(11, 16);
  return new AppError(
    `Compte verrouillé après ${MAX_FAILED_LOGINS} échecs de connexion : réessayez après ${hhmm} UTC ` +
      `(${LOCKOUT_MINUTES} minutes) ou demandez à un administrateur de le déverrouiller.`,
    { code: 'locked', details: { lockedUntil: until.toISOString() } },
  );
}

/**
 * Checks the password and opens a session. After MAX_FAILED_LOGINS failures in a row the account is
 * locked for LOCKOUT_MINUTES, and while locked even the right password is refused.
 */
export async function logIn(
  deps: AuthDeps,
  email: string,
  password: string,
): Promise<SignedIn & { token: string }> {
  const now = deps.clock.now();
  const verify = deps.verifyPassword ?? verifyPassword;
  const normalized = normalizeEmail(email);
  const counsellor = await deps.store.counsellors.findByEmail(normalized);
  if (!counsellor) {
    // Counted and locked like a real account, after the same hashing work: the answers (401, then 423
    // with an unlock time) and their timing do not reveal that the address has no account.
    const unknown = deps.unknownAccounts ?? fallbackUnknownAccounts;
    await verify(password, await decoyHash());
    const lockedUntil = lockedAt(unknown.get(normalized), now);
    await recordAudit(deps, null, AUDIT.loginFailed, null, { reason: 'unknown_account' });
    if (lockedUntil) throw locked(lockedUntil);
    const next = afterFailure(unknown.get(normalized), now);
    unknown.set(normalized, next);
    throw next.lockedUntil ? locked(next.lockedUntil) : badCredentials();
  }
  const stillLocked = lockedAt(counsellor, now);
  if (stillLocked) {
    // The same hashing work as any other try, so a locked account does not answer faster.
    await verify(password, await decoyHash());
    await recordAudit(deps, counsellor.id, AUDIT.loginFailed, null, { reason: 'locked' });
    throw locked(stillLocked);
  }
  const passwordOk = await verify(password, counsellor.passwordHash);
  if (passwordOk && !counsellor.active) {
    await recordAudit(deps, counsellor.id, AUDIT.loginFailed, null, { reason: 'inactive' });
    throw badCredentials();
  }
  if (!passwordOk) {
    const { failedLogins, lockedUntil } = afterFailure(counsellor, now);
    await deps.store.counsellors.update(counsellor.id, { failedLogins, lockedUntil });
    await recordAudit(deps, counsellor.id, AUDIT.loginFailed, null, {
      reason: 'bad_password',
      failedLogins,
      locked: lockedUntil !== null,
    });
    throw lockedUntil ? locked(lockedUntil) : badCredentials();
  }
  const fresh =
    counsellor.failedLogins === 0 && counsellor.lockedUntil === null
      ? counsellor
      : await deps.store.counsellors.update(counsellor.id, { failedLogins: 0, lockedUntil: null });
  const token = randomBytes(32).toString('base64url');
  const session = await deps.store.sessions.create({
    id: sessionIdOf(token),
    counsellorId: fresh.id,
    csrfToken: randomBytes(32).toString('base64url'),
    createdAt: now,
    lastSeenAt: now,
  });
  await recordAudit(deps, fresh.id, AUDIT.login);
  return { token, session, counsellor: fresh };
}

export type SessionLookup = ({ state: 'active' } & SignedIn) | { state: 'expired' } | { state: 'none' };

/** Finds the session behind a cookie token; an idle one is deleted and reported as expired. */
export async function resumeSession(deps: AuthDeps, token: string): Promise<SessionLookup> {
  const id = sessionIdOf(token);
  const session = await deps.store.sessions.find(id);
  if (!session) return { state: 'none' };
  const now = deps.clock.now();
  const idleMs = deps.config.SESSION_IDLE_MINUTES * 60_000;
  if (now.getTime() - session.lastSeenAt.getTime() >= idleMs) {
    await deps.store.sessions.delete(id);
    await recordAudit(deps, session.counsellorId, AUDIT.sessionExpired);
    return { state: 'expired' };
  }
  const counsellor = await deps.store.counsellors.findById(session.counsellorId);
  if (!counsellor || !counsellor.active) {
    await deps.store.sessions.delete(id);
    return { state: 'none' };
  }
  await deps.store.sessions.touch(id, now);
  return { state: 'active', session: { ...session, lastSeenAt: now }, counsellor };
}

/** For a periodic job: removes sessions idle longer than SESSION_IDLE_MINUTES (they are refused anyway). */
export function deleteIdleSessions(deps: AuthDeps): Promise<number> {
  const cutoff = new Date(deps.clock.now().getTime() - deps.config.SESSION_IDLE_MINUTES * 60_000);
  return deps.store.sessions.deleteIdleSince(cutoff);
}

export async function logOut(deps: AuthDeps, signedIn: SignedIn): Promise<void> {
  await deps.store.sessions.delete(signedIn.session.id);
  await recordAudit(deps, signedIn.counsellor.id, AUDIT.logout);
}
