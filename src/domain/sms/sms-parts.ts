/**
 * Splits an SMS into the parts a concatenated message is sent as: GSM-7 when every character allows it
 * (153 septets a part, 160 alone), otherwise UCS-2 (67 UTF-16 units a part, 70 alone). An escape pair
 * (GSM-7 extension character) or a surrogate pair is never cut, as handsets do; the count agrees with
 * `smsSegments`.
 */
import { gsmLength, isGsm7 } from '../flow/gsm';

export interface SmsParts {
  encoding: 'gsm7' | 'ucs2';
  parts: string[];
}

const LIMITS = { gsm7: { single: 160, part: 153 }, ucs2: { single: 70, part: 67 } } as const;

export function smsParts(text: string): SmsParts {
  const encoding = isGsm7(text) ? 'gsm7' : 'ucs2';
  const size = (c: string): number => (encoding === 'gsm7' ? gsmLength(c) : c.length);
  const chars = [...text];
  const total = chars.reduce((n, c) => n + size(c), 0);
  const limits = LIMITS[encoding];
  if (total <= limits.single) return { encoding, parts: [text] };
  const parts: string[] = [];
  let current = '';
  let used = 0;
  for (const c of chars) {
    const n = size(c);
    if (used + n > limits.part) {
      parts.push(current);
      current = '';
      used = 0;
    }
    current += c;
    used += n;
  }
  parts.push(current);
  return { encoding, parts };
}
