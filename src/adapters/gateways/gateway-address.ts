import { normalizePhone } from '../../domain/privacy/phone-number';

/**
 * A caller's number as session-style gateways and SMSCs send it: international digits without `+`
 * (`22370123456`), sometimes with it, sometimes national. Throws (AppError bad_request) when it is not a number.
 */
export function e164FromGateway(raw: string): string {
  const trimmed = raw.trim();
  // Nine or more bare digits are an international number (Malian national numbers have eight).
  return normalizePhone(/^\d{9,15}$/.test(trimmed) ? `+${trimmed}` : trimmed);
}

/** E.164 → the digits an SMSC wants in `destination_addr` with ton 1 / npi 1. */
export function smppDigits(e164: string): string {
  return e164.replace(/^\+/, '');
}
