import { AppError, type ErrorCode } from '../domain/errors';

/** The one place where what went wrong becomes an HTTP status. */
const STATUS_BY_CODE: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  locked: 423,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

/** An error that already carries its HTTP status (body-parser's 4xx and the like). */
export class HttpError extends AppError {
  constructor(
    message: string,
    readonly status: number,
    code: ErrorCode = 'bad_request',
  ) {
    super(message, { code, expose: status < 500 });
    this.name = 'HttpError';
  }
}

export function statusOf(err: AppError): number {
  return err instanceof HttpError ? err.status : STATUS_BY_CODE[err.code];
}

/** The `code` of a JSON error body: a lock is a kind of refusal, and clients have always read `forbidden`. */
export function bodyCodeOf(err: AppError): ErrorCode {
  return err.code === 'locked' ? 'forbidden' : err.code;
}
