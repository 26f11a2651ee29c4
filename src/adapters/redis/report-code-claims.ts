import type { Redis } from 'ioredis';
import type { ReportCodeClaims } from '../../domain/phone-ports';

/** Long enough to outlive the report job's retries (10 attempts, exponential from 5 s: about 1.5 h). */
const TTL_SECONDS = 2 * 24 * 3600;

/** Report code claims (domain/phone-ports.ts) in Redis. */
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
