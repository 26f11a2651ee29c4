import type { Locale } from '../shared/locale';
import { normalizeReportCode } from '../reports/report-code';

/** What a person asked for by SMS to the short code. */
export type InboundCommand =
  | { kind: 'help' }
  | { kind: 'tip' }
  | { kind: 'stop' }
  | { kind: 'start' }
  | { kind: 'code'; code: string }
  | { kind: 'report'; text: string };

export interface ParsedInbound {
  command: InboundCommand;
  /** The language the keyword belongs to, when it says (`aide` is French, `dɛmɛ` Bambara; `stop` neither). */
  locale: Locale | null;
}

type Keyword = 'help' | 'tip' | 'stop' | 'start' | 'code' | 'report';

/**
 * Keywords after folding (lower case, accents removed, ɛ→e ɔ→o ɲ→ny ŋ→ng), so `Arrêt`, `ARRET`, `dɛmɛ`,
 * `dèmè` and `deme` all match. Bambara words come from docs/bambara-glossary.md only: dɛmɛ (aide, #16),
 * laadilikan/ladilikan (conseil, #47), dabila (arrêter, #11), kɔdi (code, #18), laseli/lase (signaler, #41).
 * No glossary word says "start again", so START is French/English only.
 */
const KEYWORDS: ReadonlyMap<string, { keyword: Keyword; locale: Locale | null }> = new Map([
  ['help', { keyword: 'help', locale: null }],
  ['aide', { keyword: 'help', locale: 'fr' }],
  ['deme', { keyword: 'help', locale: 'bm' }],
  ['tip', { keyword: 'tip', locale: null }],
  ['tips', { keyword: 'tip', locale: null }],
  ['conseil', { keyword: 'tip', locale: 'fr' }],
  ['conseils', { keyword: 'tip', locale: 'fr' }],
  ['laadilikan', { keyword: 'tip', locale: 'bm' }],
  ['ladilikan', { keyword: 'tip', locale: 'bm' }],
  ['stop', { keyword: 'stop', locale: null }],
  ['arret', { keyword: 'stop', locale: 'fr' }],
  ['arreter', { keyword: 'stop', locale: 'fr' }],
  ['dabila', { keyword: 'stop', locale: 'bm' }],
  ['start', { keyword: 'start', locale: null }],
  ['reprendre', { keyword: 'start', locale: 'fr' }],
  ['debut', { keyword: 'start', locale: 'fr' }],
  ['code', { keyword: 'code', locale: 'fr' }],
  ['kodi', { keyword: 'code', locale: 'bm' }],
  ['signaler', { keyword: 'report', locale: 'fr' }],
  ['laseli', { keyword: 'report', locale: 'bm' }],
  ['lase', { keyword: 'report', locale: 'bm' }],
]);

const BAMBARA_LETTERS: ReadonlyArray<[RegExp, string]> = [
  [/[ɛƐ]/g, 'e'],
  [/[ɔƆ]/g, 'o'],
  [/[ɲƝ]/g, 'ny'],
  [/[ŋŊ]/g, 'ng'],
];

/** Lower case, no accents, Bambara letters spelled in Latin: the form keywords are compared in. */
export function foldKeyword(word: string): string {
  let out = word.normalize('NFD').replace(/\p{M}/gu, '');
  for (const [pattern, latin] of BAMBARA_LETTERS) out = out.replace(pattern, latin);
  return out.toLowerCase();
}

/**
 * Reads an inbound SMS. The first word is the keyword (trailing punctuation ignored); the rest is its
 * argument, kept as typed (it may hold `*`, `#` and spaces). Anything not understood is a request for help,
 * so a person always gets the menu of keywords back.
 */
export function parseInboundSms(text: string): ParsedInbound {
  const trimmed = text.trim();
  const match = /^(\S+)\s*([\s\S]*)$/.exec(trimmed);
  if (!match) return help(null);
  const [, first = '', rest = ''] = match;
  const found = KEYWORDS.get(foldKeyword(first).replace(/[^\p{L}\p{N}]+$/u, ''));
  if (!found) return help(null);
  const argument = rest.trim();
  const { keyword, locale } = found;
  switch (keyword) {
    case 'code': {
      const code = normalizeReportCode(argument);
      return code.length > 0 ? { command: { kind: 'code', code }, locale } : help(locale);
    }
    case 'report':
      return argument.length > 0 ? { command: { kind: 'report', text: argument }, locale } : help(locale);
    default:
      return { command: { kind: keyword }, locale };
  }
}

function help(locale: Locale | null): ParsedInbound {
  return { command: { kind: 'help' }, locale };
}
