import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { AppError } from '../../domain/errors';
import { consoleAuthOf } from './console-session.middleware';

export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FIELD = '_csrf';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const isStateChanging = (req: Request): boolean => !SAFE_METHODS.has(req.method);

/** Constant-time comparison of two tokens of any length (hashing first evens the lengths). */
export function sameToken(a: string, b: string): boolean {
  const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** The `_csrf` field of a form body, removed so that the form's own validation does not see it. */
export function takeFormToken(req: Request): string | undefined {
  const body = req.body as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object') return undefined;
  const value = body[CSRF_FIELD];
  delete body[CSRF_FIELD];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Synchronizer token: every state-changing request of a signed-in session must carry the session's CSRF
 * token, in the `x-csrf-token` header (API) or the `_csrf` form field (web pages). Runs after the sign-in
 * guard.
 */
export function requireCsrf(source: 'header' | 'form'): RequestHandler {
  return (req, _res, next) => {
    if (!isStateChanging(req)) return next();
    const auth = consoleAuthOf(_res);
    const sent = source === 'header' ? req.get(CSRF_HEADER) : takeFormToken(req);
    if (!auth || !sent || !sameToken(sent, auth.session.csrfToken)) {
      return next(
        new AppError('Jeton anti-CSRF manquant ou invalide : rechargez la page et réessayez.', {
          code: 'forbidden',
          details: { reason: 'csrf' },
        }),
      );
    }
    next();
  };
}

/** True when the request's `Origin` names this very host (browsers send it on every write, same-origin too). */
function fromSameOrigin(req: Request): boolean {
  const origin = req.get('origin');
  if (!origin) return false;
  try {
    return new URL(origin).host === req.get('host');
  } catch {
    return false;
  }
}

/**
 * For pages whose own scripts cannot carry our token (the queue dashboard): a write needs the session's
 * CSRF token in `x-csrf-token` or an `Origin` naming this host. A write with neither (a non-browser
 * client replaying a stolen cookie, an old browser, a form from a privacy tool stripping Origin) is
 * refused, like a foreign Origin. Runs after the sign-in guard.
 */
export const requireCsrfOrSameOrigin: RequestHandler = (req, res, next) => {
  if (!isStateChanging(req)) return next();
  const auth = consoleAuthOf(res);
  const sent = req.get(CSRF_HEADER);
  const tokenOk = auth !== null && sent !== undefined && sameToken(sent, auth.session.csrfToken);
  if (tokenOk || fromSameOrigin(req)) return next();
  next(
    new AppError('Requête refusée : ni jeton anti-CSRF ni origine de ce site.', {
      code: 'forbidden',
      details: { reason: 'csrf' },
    }),
  );
};
