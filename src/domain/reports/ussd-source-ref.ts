import { createHash } from 'node:crypto';

/** 48 bits: a collision between two callers of one session is out of reach, a lookup table is not useful. */
const DIGEST_CHARS = 12;

/**
 * The idempotency key of a USSD report. A gateway session id alone is not enough: two numbers can be
 * given the same session id (a gateway that reuses ids, or someone who forges them), and keyed by the
 * session alone the second caller was handed the first caller's code. So the key also depends on the
 * caller. The caller key itself is not stored with the report (reports stay unlinked from callers): only
 * a short one-way digest of (session, caller key), enough to tell two callers of one session apart.
 */
export function ussdSourceRef(sessionId: string, callerKey: string): string {
  const digest = createHash('sha256').update(`${sessionId}\n${callerKey}`, 'utf8').digest('hex');
  return `ussd:${sessionId}:${digest.slice(0, DIGEST_CHARS)}`;
}
