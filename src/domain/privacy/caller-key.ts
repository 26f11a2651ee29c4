import { createHmac } from 'node:crypto';
import { AppError } from '../errors';

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * The only identity we keep for a caller: HMAC-SHA256 of the E.164 number under a secret pepper, so the
 * number cannot be recovered by hashing every possible number without the pepper. Only E.164 input is
 * accepted, so that the same number always yields the same key.
 */
export function callerKey(pepper: string, e164: string): string {
  if (pepper.length === 0) throw new AppError('caller key needs a pepper', { code: 'internal' });
  if (!E164.test(e164)) throw new AppError('caller key needs an E.164 number', { code: 'internal' });
  return createHmac('sha256', pepper).update(e164, 'utf8').digest('hex');
}
