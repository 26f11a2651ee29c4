import { randomBytes } from 'node:crypto';
import type { Express, Request, Response } from 'express';
import { z } from 'zod';
import { logIn, logOut } from '../../../console/auth/login.service';
import { MAX_PASSWORD_LENGTH } from '../../../console/auth/password-hasher';
import type { ConsoleDeps } from '../../../console/console-deps';
import { AppError } from '../../../domain/errors';
import {
  clearSessionCookie,
  consoleAuthOf,
  endPreviousSession,
  sessionCookieOptions,
  setSessionCookie,
  signedIn,
} from '../console-session.middleware';
import { sameToken, takeFormToken } from '../csrf.middleware';
import { assertLoginAllowed } from '../login-rate-limit.middleware';
import { parseInput } from '../request-validation';
import { renderPage, safeNext } from './page-context';
import { statusOf } from '../../http-status';
import { toShownError } from './web-errors';

/** Before login there is no session to hold a CSRF token: the form uses a double-submit cookie instead. */
const LOGIN_CSRF_COOKIE = 'tanga_login_csrf';

const loginForm = z.strictObject({
  email: z.string().trim().min(1, 'adresse e-mail requise').max(254),
  password: z.string().min(1, 'mot de passe requis').max(MAX_PASSWORD_LENGTH),
  next: z.string().max(300).optional(),
});

function renderLogin(
  req: Request,
  res: Response,
  deps: ConsoleDeps,
  extra: Record<string, unknown> = {},
): void {
  const token = randomBytes(24).toString('base64url');
  res.cookie(LOGIN_CSRF_COOKIE, token, { ...sessionCookieOptions(deps.config), path: '/console/login' });
  const query = req.query as Record<string, unknown>;
  renderPage(res, 'login', 'Connexion', {
    loginToken: token,
    next: safeNext(query.next ?? (req.body as Record<string, unknown> | undefined)?.next),
    email: '',
    notice:
      query.expired === '1'
        ? `Votre session a expiré après ${deps.config.SESSION_IDLE_MINUTES} minutes d’inactivité. Reconnectez-vous.`
        : query.out === '1'
          ? 'Vous êtes déconnecté·e.'
          : null,
    ...extra,
  });
}

export function registerLoginPages(web: Express, deps: ConsoleDeps): void {
  web.get('/login', (req, res) => {
    if (consoleAuthOf(res)) return res.redirect(303, '/console/reports');
    renderLogin(req, res, deps);
  });

  web.post('/login', async (req, res) => {
    const sent = takeFormToken(req);
    const expected = (req.cookies as Record<string, unknown>)[LOGIN_CSRF_COOKIE];
    let email = '';
    try {
      if (!sent || typeof expected !== 'string' || !sameToken(sent, expected)) {
        throw new AppError('Le formulaire a expiré : réessayez.', { code: 'forbidden' });
      }
      assertLoginAllowed(res);
      const form = parseInput(loginForm, req.body, 'body');
      email = form.email;
      const { token } = await logIn(deps, form.email, form.password);
      await endPreviousSession(deps, res);
      res.clearCookie(LOGIN_CSRF_COOKIE, { ...sessionCookieOptions(deps.config), path: '/console/login' });
      setSessionCookie(res, token, deps.config);
      res.redirect(303, safeNext(form.next));
    } catch (err) {
      const shown = toShownError(err);
      if (statusOf(shown) >= 500) throw err;
      res.status(statusOf(shown));
      renderLogin(req, res, deps, { error: shown.message, email });
    }
  });
}

/** Behind the sign-in and CSRF guards, like every other form. */
export function registerLogoutPage(web: Express, deps: ConsoleDeps): void {
  web.post('/logout', async (_req, res) => {
    await logOut(deps, signedIn(res));
    clearSessionCookie(res, deps.config);
    res.redirect(303, '/console/login?out=1');
  });
}
