/**
 * One error type for everything we raise on purpose. `expose` says whether `message` may reach a client;
 * anything else gets a generic text from the error middleware.
 */
export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export interface AppErrorOptions {
  code: ErrorCode;
  status?: number;
  expose?: boolean;
  cause?: unknown;
  details?: Record<string, unknown>;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly expose: boolean;
  readonly details: Record<string, unknown> | undefined;

  constructor(message: string, options: AppErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = options.code;
    this.status = options.status ?? STATUS_BY_CODE[options.code];
    this.expose = options.expose ?? this.status < 500;
    this.details = options.details;
  }
}

/** A write lost an optimistic-concurrency race: the caller must reload and retry. */
export class ConflictError extends AppError {
  constructor(message = 'The record was changed by someone else; reload and try again.') {
    super(message, { code: 'conflict' });
    this.name = 'ConflictError';
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super(`${what} not found`, { code: 'not_found' });
    this.name = 'NotFoundError';
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
