import express from 'express';
import type { Request, RequestHandler, Response } from 'express';
import { AppError } from '../../domain/errors';
import type { Role } from '../../domain/ports';
import type { ConsoleDeps } from '../../console/console-deps';
import { consoleAuthOf, loadConsoleSession, sessionExpired } from './console-session.middleware';
import { requireCsrfOrSameOrigin } from './csrf.middleware';

export const LOGIN_PATH = '/console/login';

export type ResponseKind = 'api' | 'html' | 'auto';

/** A browser navigating (GET, wants HTML) is sent to the login page; anything else gets a JSON error. */
function wantsHtml(req: Request, kind: ResponseKind): boolean {
  if (kind !== 'auto') return kind === 'html';
  return req.method === 'GET' && req.accepts(['json', 'html']) === 'html';
}

function notSignedIn(res: Response): AppError {
  return new AppError(
    sessionExpired(res) ? 'Session expirée après inactivité : reconnectez-vous.' : 'Connexion requise.',
    { code: 'unauthorized' },
  );
}

/** Guards a route: 401 (or a redirect to the login page for a browser) when signed out, 403 for other roles. */
export function requireSignedIn(kind: ResponseKind, roles: readonly Role[] = []): RequestHandler {
  return (req, res, next) => {
    const auth = consoleAuthOf(res);
    if (!auth) {
      if (wantsHtml(req, kind) && req.method === 'GET') {
        const params = new URLSearchParams({ next: req.originalUrl });
        if (sessionExpired(res)) params.set('expired', '1');
        return res.redirect(303, `${LOGIN_PATH}?${params.toString()}`);
      }
      return next(notSignedIn(res));
    }
    if (roles.length > 0 && !roles.includes(auth.actor.role)) {
      return next(new AppError('Votre rôle ne permet pas cette action.', { code: 'forbidden' }));
    }
    next();
  };
}

/**
 * `requireRole('admin')` for routes mounted outside the console router (e.g. the queue dashboard):
 * loads the console session itself, then redirects a signed-out browser to the login page or answers
 * 401/403 as JSON (errors go to the app's error handler); a write also needs the CSRF token or a
 * same-origin `Origin` (requireCsrfOrSameOrigin).
 */
export function createRequireRole(
  deps: Pick<ConsoleDeps, 'store' | 'clock' | 'config'>,
): (...roles: Role[]) => express.Router {
  const load = loadConsoleSession(deps);
  return (...roles) => {
    const router = express.Router();
    router.use(load, requireSignedIn('auto', roles), requireCsrfOrSameOrigin);
    return router;
  };
}
