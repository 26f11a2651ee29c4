import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { CountryCode } from 'libphonenumber-js/max';
import { AppError } from '../errors';

/** Longer input is not a phone number; refusing it early bounds the parser's work. */
const MAX_INPUT_LENGTH = 40;

/**
 * Normalises a number as a gateway or a person typed it (`70123456`, `+223 70 12 34 56`, `0022370123456`)
 * to E.164. The full metadata is used so that a number is valid only if its digits form a real range
 * (mobile or fixed), not merely the right length.
 */
export function normalizePhone(raw: string, defaultRegion: CountryCode = 'ML'): string {
  const input = raw.trim();
  if (input.length === 0 || input.length > MAX_INPUT_LENGTH) throw notAPhoneNumber();
  const parsed = parsePhoneNumberFromString(input, defaultRegion);
  if (!parsed?.isValid()) throw notAPhoneNumber();
  return parsed.number;
}

function notAPhoneNumber(): AppError {
  return new AppError('not a phone number', { code: 'bad_request' });
}

/**
 * A caller's number as session-style gateways and SMSCs send it: international digits without `+`
 * (`22370123456`), sometimes with it, sometimes national. Throws (AppError bad_request) when it is not a number.
 */
export function e164FromGateway(raw: string): string {
  const trimmed = raw.trim();
  // Nine or more bare digits are an international number (Malian national numbers have eight).
  return normalizePhone(/^\d{9,15}$/.test(trimmed) ? `+${trimmed}` : trimmed);
}
