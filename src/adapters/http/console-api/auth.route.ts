import type { RequestHandler, Router } from 'express';
import { z } from 'zod';
import { logIn, logOut } from '../../../console/auth/login.service';
import { MAX_PASSWORD_LENGTH } from '../../../console/auth/password-hasher';
import type { ConsoleDeps } from '../../../console/console-deps';
import type { Counsellor } from '../../../domain/ports';
import {
  clearSessionCookie,
  endPreviousSession,
  setSessionCookie,
  signedIn,
} from '../console-session.middleware';
import { requireCsrf } from '../csrf.middleware';
import { assertLoginAllowed } from '../login-rate-limit.middleware';
import { requireSignedIn } from '../require-role.middleware';
import { parseInput } from '../request-validation';

export const loginBody = z.strictObject({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});

const me = (c: Counsellor) => ({ id: c.id, email: c.email, displayName: c.displayName, role: c.role });

/** Login (no session yet, so no CSRF token: JSON bodies cannot be sent cross-site without CORS), logout, session. */
export function registerAuthRoutes(api: Router, deps: ConsoleDeps, loginLimit: RequestHandler): void {
  api.post('/auth/login', loginLimit, async (req, res) => {
    assertLoginAllowed(res);
    const { email, password } = parseInput(loginBody, req.body, 'body');
    const { token, session, counsellor } = await logIn(deps, email, password);
    await endPreviousSession(deps, res);
    setSessionCookie(res, token, deps.config);
    res.json({ user: me(counsellor), csrfToken: session.csrfToken });
  });

  const guarded = [requireSignedIn('api'), requireCsrf('header')];

  api.get('/auth/session', ...guarded, (_req, res) => {
    const auth = signedIn(res);
    res.json({ user: me(auth.counsellor), csrfToken: auth.session.csrfToken });
  });

  api.post('/auth/logout', ...guarded, async (req, res) => {
    parseInput(z.strictObject({}), req.body, 'body');
    await logOut(deps, signedIn(res));
    clearSessionCookie(res, deps.config);
    res.status(204).end();
  });
}
