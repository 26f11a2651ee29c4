import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, isAppError } from '../../../domain/errors';
import type { Logger } from '../../../logger';
import { HttpError, statusOf } from '../../http-status';

interface HttpishError {
  status?: number;
  type?: string;
}

const FRENCH_BY_STATUS: Record<number, string> = {
  400: 'La demande n’est pas valide.',
  401: 'Connexion requise.',
  403: 'Action non autorisée.',
  404: 'Page introuvable.',
  409: 'Conflit : rechargez la page et réessayez.',
  413: 'Envoi trop volumineux.',
  429: 'Trop de demandes : patientez quelques minutes.',
};

/** Turns any error into an AppError whose message may be shown (body-parser errors included). */
export function toShownError(err: unknown): AppError {
  if (isAppError(err)) return err;
  const status = (err as HttpishError | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new HttpError(FRENCH_BY_STATUS[status] ?? 'La demande n’est pas valide.', status);
  }
  return new AppError('Une erreur est survenue. Réessayez plus tard.', { code: 'internal', cause: err });
}

export const webNotFound: RequestHandler = (_req, _res, next) => {
  next(new AppError('Page introuvable.', { code: 'not_found' }));
};

/** The console's error page: a clear French message and a way back, never a stack trace. */
export function webErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const shown = toShownError(err);
    const status = statusOf(shown);
    if (status >= 500) logger.error({ err, reqId: (req as { id?: unknown }).id }, 'console page failed');
    if (res.headersSent) return;
    const message = shown.expose ? shown.message : (FRENCH_BY_STATUS[status] ?? 'Une erreur est survenue.');
    res.status(status).render('error', { title: 'Erreur', message, status, notice: null, error: null });
  };
}
