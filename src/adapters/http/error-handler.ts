import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError } from '../../domain/errors';
import { bodyCodeOf, HttpError, statusOf } from '../http-status';
import type { Logger } from '../../logger';

interface HttpishError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
}

/** Errors thrown by body-parser and friends carry a status; map them to our codes. */
function fromHttpError(err: HttpishError & Error): AppError | null {
  const status = err.status ?? err.statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return null;
  if (status === 413) return new AppError('request body too large', { code: 'payload_too_large' });
  if (status === 415) return new AppError('unsupported content type', { code: 'unsupported_media_type' });
  if (err.type === 'entity.parse.failed')
    return new AppError('malformed request body', { code: 'bad_request' });
  return new HttpError(err.expose ? err.message : 'bad request', status);
}

/**
 * The one error middleware. Clients get `{ error: { code, message } }` (or plain text on text routes);
 * never a stack trace. Unexpected errors are logged with the request id.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const known = err instanceof AppError ? err : err instanceof Error ? fromHttpError(err) : null;
    const appErr = known ?? new AppError('internal error', { code: 'internal', cause: err });
    const status = statusOf(appErr);
    if (status >= 500) logger.error({ err, reqId: (req as { id?: unknown }).id }, 'request failed');
    else logger.info({ code: appErr.code, status, reqId: (req as { id?: unknown }).id }, 'request refused');
    if (res.headersSent) return;
    const message = appErr.expose ? appErr.message : 'Something went wrong. Please try again later.';
    // USSD gateways show text bodies to nobody, but a plain line is easier to read in their logs.
    if (req.path.startsWith('/ussd')) {
      res.status(status).type('text/plain').send(message);
      return;
    }
    res.status(status).json({ error: { code: bodyCodeOf(appErr), message } });
  };
}

export const notFound: RequestHandler = (_req, _res, next) => {
  next(new AppError('not found', { code: 'not_found' }));
};
