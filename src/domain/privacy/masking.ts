import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** Digits of the national number left visible, so a person can tell two numbers apart. */
const VISIBLE_TAIL = 2;

/**
 * Masks an E.164 number for display: country code and the last two digits only (`+223******56`).
 * Anything that does not parse is masked entirely rather than shown.
 */
export function maskPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return '***';
  const national = parsed.nationalNumber;
  if (national.length <= VISIBLE_TAIL) return `+${parsed.countryCallingCode}***`;
  const hidden = '*'.repeat(national.length - VISIBLE_TAIL);
  return `+${parsed.countryCallingCode}${hidden}${national.slice(-VISIBLE_TAIL)}`;
}
