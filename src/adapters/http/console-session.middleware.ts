import cookieParser from 'cookie-parser';
import type { CookieOptions, NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError } from '../../domain/errors';
import type { ConsoleSession, Counsellor, Store } from '../../domain/ports';
import type { Actor } from '../../domain/reports/access-policy';
import { resumeSession } from '../../console/auth/login.service';
import type { AuthDeps } from '../../console/auth/login.service';
import type { ConsoleConfig } from '../../console/console-deps';

export const SESSION_COOKIE = 'tanga_session';

export interface ConsoleAuth {
  actor: Actor;
  counsellor: Counsellor;
  session: ConsoleSession;
}

interface AuthLocals {
  consoleAuth?: ConsoleAuth | null;
  consoleSessionExpired?: boolean;
}

const locals = (res: Response): AuthLocals => res.locals as AuthLocals;

/** The signed-in counsellor of this request, or null. */
export function consoleAuthOf(res: Response): ConsoleAuth | null {
  return locals(res).consoleAuth ?? null;
}

export function sessionExpired(res: Response): boolean {
  return locals(res).consoleSessionExpired === true;
}

/** Like consoleAuthOf, for handlers behind a guard: a missing session is a programming error made visible. */
export function signedIn(res: Response): ConsoleAuth {
  const auth = consoleAuthOf(res);
  if (!auth) throw new AppError('Connexion requise.', { code: 'unauthorized' });
  return auth;
}

export function sessionCookieOptions(
  config: Pick<ConsoleConfig, 'NODE_ENV' | 'COOKIE_SECURE'>,
): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'strict',
    secure: config.COOKIE_SECURE ?? config.NODE_ENV === 'production',
    path: '/',
  };
}

export function setSessionCookie(res: Response, token: string, config: ConsoleConfig): void {
  // No maxAge: a browser session cookie; the server enforces idle expiry.
  res.cookie(SESSION_COOKIE, token, sessionCookieOptions(config));
}

export function clearSessionCookie(res: Response, config: ConsoleConfig): void {
  res.clearCookie(SESSION_COOKIE, sessionCookieOptions(config));
}

/** A new login replaces the session this browser had: the old token stops working at once. */
export async function endPreviousSession(deps: { store: Store }, res: Response): Promise<void> {
  const previous = consoleAuthOf(res);
  if (previous) await deps.store.sessions.delete(previous.session.id);
}

const parseCookies = cookieParser();

function cookieOf(req: Request, name: string): string | undefined {
  const cookies = req.cookies as Record<string, unknown> | undefined;
  const value = cookies?.[name];
  return typeof value === 'string' && value.length > 0 && value.length <= 200 ? value : undefined;
}

/**
 * Resolves the session cookie into `res.locals.consoleAuth` (null when signed out). Idempotent, so the
 * console router and a guard mounted elsewhere can both run it. Parses cookies itself when no
 * cookie-parser ran before.
 */
export function loadConsoleSession(deps: AuthDeps & { config: ConsoleConfig }): RequestHandler {
  const resolve = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (locals(res).consoleAuth !== undefined) return void next();
    const token = cookieOf(req, SESSION_COOKIE);
    locals(res).consoleAuth = null;
    if (!token) return void next();
    const found = await resumeSession(deps, token);
    if (found.state === 'active') {
      const { session, counsellor } = found;
      locals(res).consoleAuth = { session, counsellor, actor: { id: counsellor.id, role: counsellor.role } };
    } else {
      locals(res).consoleSessionExpired = found.state === 'expired';
      clearSessionCookie(res, deps.config);
    }
    next();
  };
  return (req, res, next) => {
    if (req.cookies === undefined) {
      parseCookies(req, res, (err?: unknown) => (err ? next(err) : void resolve(req, res, next).catch(next)));
    } else {
      void resolve(req, res, next).catch(next);
    }
  };
}
