import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { AppError } from '../../domain/errors';

/**
 * Optional shared secret on gateway callbacks: `?token=` in the callback URL (what AT's dashboard can
 * hold) or the `x-gateway-secret` header. Without a configured secret, callbacks are open.
 */
export function requireGatewaySecret(secret: string | undefined): RequestHandler {
  if (!secret) return (_req, _res, next) => next();
  const expected = Buffer.from(secret);
  return (req, _res, next) => {
    const header = req.get('x-gateway-secret');
    const query = typeof req.query.token === 'string' ? req.query.token : undefined;
    const given = Buffer.from(header ?? query ?? '');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return next();
    next(new AppError('missing or wrong gateway secret', { code: 'unauthorized' }));
  };
}
