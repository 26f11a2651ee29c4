import type { RequestHandler } from 'express';
import { AppError } from '../../domain/errors';
import { gatewaySecretAccepted } from '../gateway-secret';

/** The gateway secret on Express routes (SMS callbacks); the phone callbacks check it on the lean path. */
export function requireGatewaySecret(secret: string | undefined): RequestHandler {
  if (!secret) return (_req, _res, next) => next();
  return (req, _res, next) => {
    const query = typeof req.query.token === 'string' ? req.query.token : undefined;
    if (gatewaySecretAccepted(secret, req.get('x-gateway-secret'), query)) return next();
    next(new AppError('missing or wrong gateway secret', { code: 'unauthorized' }));
  };
}
