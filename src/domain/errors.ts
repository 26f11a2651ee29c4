/**
 * One error type for everything we raise on purpose, saying what went wrong and nothing about HTTP: only the
 * HTTP adapter turns a code into a status (src/adapters/http-status.ts). `expose` says whether
 * `message` may reach a client; anything else gets a generic text.
 */
export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  /** An account locked for a while (too many failed logins). */
  | 'locked'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

/** Trouble on our side: the message stays in the logs. */
const HIDDEN: ReadonlySet<ErrorCode> = new Set(['unavailable', 'internal']);

export interface AppErrorOptions {
  code: ErrorCode;
  expose?: boolean;
  cause?: unknown;
  details?: Record<string, unknown>;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly expose: boolean;
  readonly details: Record<string, unknown> | undefined;

  constructor(message: string, options: AppErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = options.code;
    this.expose = options.expose ?? !HIDDEN.has(options.code);
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

/** A request or an input that breaks a rule (a bad value, an incomplete form). */
export class InvalidError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, { code: 'bad_request', ...(details ? { details } : {}) });
    this.name = 'InvalidError';
  }
}

/** A dependency (Redis, the store) cannot answer now; trying again later may work. */
export class UnavailableError extends AppError {
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'unavailable', ...(cause === undefined ? {} : { cause }) });
    this.name = 'UnavailableError';
  }
}

/**
 * A dependency already known to be down (a circuit breaker is open and said so once): each caller falls
 * back as usual but does not log it again, so an outage is one log line, not one per hop.
 */
export class OutageKnownError extends UnavailableError {
  constructor(message: string) {
    super(message);
    this.name = 'OutageKnownError';
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
