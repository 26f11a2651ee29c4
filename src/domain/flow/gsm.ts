/**
 * GSM 03.38 (GSM-7) charset, SMS/USSD lengths and the GSM-safe spelling used on USSD and SMS.
 * Pure: no I/O. The console and voice keep the full spelling; only phone channels call `renderForPhone`.
 */
import { spellBambara, type BambaraSpelling } from './bambara-spelling';

// The basic table, in code order (0x1B, the escape to the extension table, is not a character).
const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_BASIC: ReadonlySet<string> = new Set([...BASIC].filter((c) => c !== '\u001b'));
/** Extension table: each costs two septets (escape + character). */
const GSM7_EXTENSION: ReadonlySet<string> = new Set(['\f', '^', '{', '}', '\\', '[', '~', ']', '|', '€']);

const SMS = { gsm7: { single: 160, part: 153 }, ucs2: { single: 70, part: 67 } } as const;

/** Septets of one character; characters outside GSM-7 count 1 (use `isGsm7` first when it matters). */
function septets(c: string): number {
  return GSM7_EXTENSION.has(c) ? 2 : 1;
}

export function isGsm7Char(c: string): boolean {
  return GSM7_BASIC.has(c) || GSM7_EXTENSION.has(c);
}

export function isGsm7(s: string): boolean {
  for (const c of s) if (!isGsm7Char(c)) return false;
  return true;
}

/** The distinct characters of `s` outside GSM-7, in order of first appearance (for the checker's messages). */
export function nonGsm7Chars(s: string): string[] {
  return [...new Set([...s].filter((c) => !isGsm7Char(c)))];
}

/** Length in septets: extension characters count 2. */
export function gsmLength(s: string): number {
  let n = 0;
  for (const c of s) n += septets(c);
  return n;
}

export interface SmsSegments {
  encoding: 'gsm7' | 'ucs2';
  /** Septets for GSM-7; UTF-16 code units for UCS-2. */
  length: number;
  segments: number;
}

/**
 * Packs units into concatenated parts without splitting an escape pair or a surrogate pair, as handsets do,
 * so a part may hold one unit less than its nominal size.
 */
function countParts(units: number[], part: number): number {
  let parts = 1;
  let used = 0;
  for (const u of units) {
    if (used + u > part) {
      parts += 1;
      used = 0;
    }
    used += u;
  }
  return parts;
}

export function smsSegments(s: string): SmsSegments {
  const chars = [...s];
  const gsm = chars.every(isGsm7Char);
  const units = chars.map((c) => (gsm ? septets(c) : c.length));
  const length = units.reduce((a, b) => a + b, 0);
  const limits = gsm ? SMS.gsm7 : SMS.ucs2;
  const segments = length <= limits.single ? 1 : countParts(units, limits.part);
  return { encoding: gsm ? 'gsm7' : 'ucs2', length, segments };
}

export interface UssdBudget {
  gsm7: number;
  ucs2: number;
}
/** One USSD message: 160 octets, i.e. 182 GSM-7 characters, or about 80 UCS-2 characters. */
export const USSD_BUDGET: UssdBudget = { gsm7: 182, ucs2: 80 };

export function ussdFits(s: string, budget: UssdBudget = USSD_BUDGET): boolean {
  return isGsm7(s) ? gsmLength(s) <= budget.gsm7 : s.length <= budget.ucs2;
}

// ---------------------------------------------------------------------------------------------------------
// GSM-safe rendering (the Bambara spellings are in bambara-spelling.ts)

export interface RenderOptions {
  locale: 'fr' | 'bm';
  spelling: BambaraSpelling;
  gsmSafe: boolean;
}

/** Punctuation and spaces outside GSM-7, for every locale. « and » also swallow the space inside them. */
const PUNCTUATION: ReadonlyArray<[RegExp, string]> = [
  [/«[\s\u00a0\u202f]?/g, '"'],
  [/[\s\u00a0\u202f]?»/g, '"'],
  [/[\u2018\u2019\u201a\u201b\u2032\u02bc]/g, "'"],
  [/[\u201c\u201d\u201e\u201f\u2033]/g, '"'],
  [/[\u00a0\u2000-\u200a\u202f\u205f]/g, ' '],
  [/[\u200b\u2060\ufeff]/g, ''],
  [/\u2026/g, '...'],
  [/[\u2010-\u2015\u2212]/g, '-'],
];

/** Letters with no decomposition to a GSM-7 letter. Others (â ê î ô û ë ï ÿ ç À È Ù…) lose their accent. */
const LETTERS: Readonly<Record<string, string>> = { œ: 'oe', Œ: 'OE', '°': 'o' };

/** A character outside GSM-7 that loses only accents (â→a, Ê→E, ç→c) becomes that GSM-7 text. */
function dropAccents(text: string): string {
  return [...text]
    .map((c) => {
      if (isGsm7Char(c)) return c;
      const mapped = LETTERS[c];
      if (mapped !== undefined) return mapped;
      const bare = c.normalize('NFD').replace(/\p{M}/gu, '');
      return bare !== '' && bare !== c && isGsm7(bare) ? bare : c;
    })
    .join('');
}

/**
 * The text as a phone channel shows it.
 * - gsmSafe off: unchanged (console, voice).
 * - Every locale: typographic punctuation and spaces become GSM-7 ones; French accents outside GSM-7 are
 *   dropped (â→a, ê→e, ç→c, œ→oe, °→o); à é è ù and É stay (they are GSM-7).
 * - Bambara 'gsm': ɛ→è ɔ→ò ɲ→ny ŋ→ng (Ɛ Ɔ → è ò, lowercase: GSM-7 has no È/Ò; Ɲ→Ny, Ŋ→Ng).
 * - Bambara 'french': ɛ→è ɔ→o ɲ→gn ŋ→ng, and inside Bambara words u→ou, j→dj, c→tch (see isBambaraWord).
 * - Bambara 'official': ɛ ɔ ɲ ŋ kept (the screen goes UCS-2, budget 80).
 * Characters still outside GSM-7 stay; the checker reports the budget.
 */
export function renderForPhone(text: string, opts: RenderOptions): string {
  if (!opts.gsmSafe) return text;
  let out = text.normalize('NFC');
  for (const [pattern, replacement] of PUNCTUATION) out = out.replace(pattern, replacement);
  if (opts.locale === 'bm') out = spellBambara(out, opts.spelling);
  return dropAccents(out);
}
