import { rateLimit } from 'express-rate-limit';
import type { RequestHandler, Response } from 'express';
import { AppError } from '../../domain/errors';
import type { ConsoleDeps } from '../../console/console-deps';

interface RateLocals {
  loginRateLimited?: boolean;
}

/**
 * Counts failed logins per client address (successful ones are not counted), on top of the per-account
 * lock-out: it slows down guessing across many accounts. Over the limit the request is only flagged,
 * so that the API and the login page can each answer in their own format.
 */
export function createLoginRateLimit(deps: Pick<ConsoleDeps, 'loginRateLimit'>): RequestHandler {
  const opts = deps.loginRateLimit ?? { windowMs: 15 * 60_000, limit: 20 };
  return rateLimit({
    windowMs: opts.windowMs,
    limit: opts.limit,
    ...(opts.store ? { store: opts.store } : {}),
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    handler: (_req, res, next) => {
      (res.locals as RateLocals).loginRateLimited = true;
      next();
    },
  });
}

export function assertLoginAllowed(res: Response): void {
  if ((res.locals as RateLocals).loginRateLimited === true) {
    throw new AppError(
      'Trop de tentatives de connexion depuis cette adresse : réessayez dans quelques minutes.',
      {
        code: 'rate_limited',
      },
    );
  }
}
