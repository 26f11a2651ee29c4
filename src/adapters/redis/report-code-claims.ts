import type { Redis } from 'ioredis';

/**
 * Which code a submission got, and which codes are spoken for while their report waits on the queue.
 * A repeated or concurrent final request (same sourceRef) must show the code the first one showed, and a
 * code must not go to two reports before the worker has written the first one to the store.
 */
export interface ReportCodeClaims {
  /** The code already given to this sourceRef, if any. */
  codeFor(sourceRef: string): Promise<string | null>;
  /** Gives `code` to `sourceRef` unless another request did first; returns the code that won. */
  claim(sourceRef: string, code: string): Promise<string>;
  /** False when the code is already reserved by another submission. */
  reserve(code: string): Promise<boolean>;
}

/** Long enough to outlive the report job's retries (10 attempts, exponential from 5 s: about 1.5 h). */
const TTL_SECONDS = 2 * 24 * 3600;

export function createReportCodeClaims(redis: Redis, prefix: string): ReportCodeClaims {
  const bySource = (sourceRef: string): string => `${prefix}:report-code:${sourceRef}`;
  const reserved = (code: string): string => `${prefix}:report-code-taken:${code}`;
  return {
    async codeFor(sourceRef) {
      return redis.get(bySource(sourceRef));
    },
    async claim(sourceRef, code) {
      const set = await redis.set(bySource(sourceRef), code, 'EX', TTL_SECONDS, 'NX');
      if (set === 'OK') return code;
      return (await redis.get(bySource(sourceRef))) ?? code;
    },
    async reserve(code) {
      return (await redis.set(reserved(code), '1', 'EX', TTL_SECONDS, 'NX')) === 'OK';
    },
  };
}
