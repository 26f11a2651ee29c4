import cookieParser from 'cookie-parser';
import express from 'express';
import type { RequestHandler, Router } from 'express';
import { UnknownAccountLockouts } from '../../console/auth/unknown-account-lockouts';
import type { ConsoleDeps } from '../../console/console-deps';
import { createConsoleApiRouter } from './console-api/console-api.router';
import { createConsoleWebApp } from './console-web/console-web.app';
import { loadConsoleSession } from './console-session.middleware';
import { createLoginRateLimit } from './login-rate-limit.middleware';

/** Nothing the console serves (reports, numbers, pages) may be kept by a browser or proxy cache. */
const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};

/**
 * The counsellors' console: the JSON API under `/api/v1` and the web pages under `/console`. Mount at
 * the root of the app (`app.use(createConsoleRouter(deps))`). Sets its own cookie and body parsing.
 */
export function createConsoleRouter(given: ConsoleDeps): Router {
  const deps: ConsoleDeps = {
    ...given,
    unknownAccounts: given.unknownAccounts ?? new UnknownAccountLockouts(),
  };
  const router = express.Router();
  const loginLimit = createLoginRateLimit(deps);
  router.use(['/api/v1', '/console'], noStore, cookieParser(), loadConsoleSession(deps));
  router.use('/api/v1', createConsoleApiRouter(deps, loginLimit));
  // Here, not inside the web sub-app: req.ip must follow the host app's trust-proxy setting.
  router.post('/console/login', loginLimit);
  router.use('/console', createConsoleWebApp(deps));
  return router;
}
