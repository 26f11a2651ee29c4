import { randomInt } from 'node:crypto';

/**
 * Report codes: 8 digits, 7 random and a Damm check digit (see docs/decisions.md). Digits only, because a
 * basic phone types digits in any input mode while letters need multi-tap and a mode switch, people who
 * read little know digits better than letters, a later voice channel can only take keypad digits, and an
 * 8-digit number written down looks like a phone number rather than a case reference. The Damm digit
 * catches every single wrong digit and every swap of two neighbours, so a typo is refused as a typo
 * (without counting as a wrong guess) instead of leading to someone else's report.
 */
export const REPORT_CODE_LENGTH = 8;
const RANDOM_DIGITS = REPORT_CODE_LENGTH - 1;
/** How many different codes exist: the random part only (the check digit adds no secrecy). */
export const REPORT_CODE_SPACE = 10 ** RANDOM_DIGITS;

/** Returns an integer in [0, maxExclusive); `crypto.randomInt` unless a test injects its own. */
export type RandomSource = (maxExclusive: number) => number;

const cryptoRandom: RandomSource = (maxExclusive) => randomInt(0, maxExclusive);

/** Damm's weakly totally anti-symmetric quasigroup of order 10. */
const DAMM: readonly (readonly number[])[] = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

function dammInterim(digits: string): number {
  let interim = 0;
  for (const ch of digits) interim = DAMM[interim]?.[Number(ch)] ?? Number.NaN;
  return interim;
}

/** The check digit that makes `digits` + it a valid Damm sequence. */
export function reportCheckDigit(digits: string): string {
  if (!/^\d+$/.test(digits)) throw new RangeError('check digit needs digits');
  return String(dammInterim(digits));
}

/** A code as typed: spaces, dots, dashes and underscores do not matter (nor case, for the SMS keyword). */
export function normalizeReportCode(input: string): string {
  return input.replace(/[\s.\-_]/g, '').toUpperCase();
}

export function isValidReportCode(input: string): boolean {
  const code = normalizeReportCode(input);
  return code.length === REPORT_CODE_LENGTH && /^\d+$/.test(code) && dammInterim(code) === 0;
}

export function generateReportCode(random: RandomSource = cryptoRandom): string {
  let digits = '';
  for (let i = 0; i < RANDOM_DIGITS; i++) digits += String(random(10));
  return digits + reportCheckDigit(digits);
}

/**
 * A fresh code that `isTaken` does not know. With 10^7 codes a clash is rare but not negligible once many
 * reports exist, and a clash found only by the worker would lose a report whose code was already shown.
 */
export async function generateUniqueReportCode(
  isTaken: (code: string) => Promise<boolean>,
  opts: { random?: RandomSource; maxAttempts?: number } = {},
): Promise<string> {
  const maxAttempts = opts.maxAttempts ?? 8;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const code = generateReportCode(opts.random);
    if (!(await isTaken(code))) return code;
  }
  throw new Error(`no free report code after ${maxAttempts} attempts`);
}
