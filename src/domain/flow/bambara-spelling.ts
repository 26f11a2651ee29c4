/**
 * The Bambara spellings of phone channels: the official letters ɛ ɔ ɲ ŋ are outside GSM-7, so USSD and
 * SMS may write them the GSM way (è ò ny ng) or the French way (è o gn ng, plus ou/dj/tch inside Bambara
 * words). Pure; `renderForPhone` (gsm.ts) applies it to Bambara texts before the GSM-7 clean-up.
 */

export type BambaraSpelling = 'official' | 'gsm' | 'french';

/** ɛ ɔ ɲ ŋ per spelling. GSM-7 has lowercase è and ò but no È or Ò, hence the lowercase capitals of 'gsm'. */
const BAMBARA: Readonly<Record<'gsm' | 'french', Readonly<Record<string, string>>>> = {
  gsm: { ɛ: 'è', Ɛ: 'è', ɔ: 'ò', Ɔ: 'ò', ɲ: 'ny', Ɲ: 'Ny', ŋ: 'ng', Ŋ: 'Ng' },
  // French habit: accents are dropped on capitals, so Ɛ is a plain E here.
  french: { ɛ: 'è', Ɛ: 'E', ɔ: 'o', Ɔ: 'O', ɲ: 'gn', Ɲ: 'Gn', ŋ: 'ng', Ŋ: 'Ng' },
};

/** French-style sounds, applied letter by letter (one pass, so "tch" is never re-read). */
const FRENCH_SOUNDS: Readonly<Record<string, string>> = {
  u: 'ou',
  U: 'Ou',
  j: 'dj',
  J: 'Dj',
  c: 'tch',
  C: 'Tch',
};

/** Names kept as written even at the start of a sentence. */
const KEPT_WORDS: ReadonlySet<string> = new Set([
  'WhatsApp',
  'Facebook',
  'TikTok',
  'Messenger',
  'Instagram',
  'Snapchat',
  'Telegram',
  'YouTube',
  'Google',
  'Meta',
]);

/** Official Bambara letters: a word made of anything else (é, q, v, x, ô…) is French or foreign. */
const BAMBARA_WORD = /^[abcdefghijklmnoprstuwyzɛɔɲŋ]+$/i;

/**
 * Whether a word gets the French-style sounds. Exact rules, in order:
 * - only words of official Bambara letters (so French words with accents or q/v/x are kept);
 * - not a word already spelt the French way (it contains "ou");
 * - not a brand name (KEPT_WORDS), not an acronym (an upper-case letter after the first);
 * - not a capitalised word in mid-sentence (a proper name or a French term such as "Code", "Loi");
 * - not part of a hyphenated compound ("Sapeurs-pompiers"), which Bambara seldom writes.
 * Place names at the start of a text or sentence (a menu label "Kulukɔrɔ") are converted: "Kouloukoro".
 */
function isBambaraWord(word: string, sentenceStart: boolean, hyphenated: boolean): boolean {
  if (hyphenated || !BAMBARA_WORD.test(word) || /ou/i.test(word) || KEPT_WORDS.has(word)) return false;
  if (/[A-ZƐƆƝŊ]/.test(word.slice(1))) return false;
  const capitalised = word[0] !== word[0]?.toLowerCase();
  return !capitalised || sentenceStart;
}

/**
 * Spans never touched by the French-style sounds: `{placeholders}`, text in double quotes (button names
 * and French names: "Bloquer"), URLs, e-mail addresses and dotted domains (apdp.ml), and anything with a
 * digit, `*` or `#` (numbers, service codes like *123#).
 */
const PROTECTED = /\{[^}]*\}|"[^"\n]*"|\S+:\/\/\S+|\S+@\S+|\S*[0-9*#]\S*|[A-Za-z]+(?:\.[A-Za-z]{2,})+/g;
const WORD = /[\p{L}]+/gu;

function frenchSounds(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(PROTECTED)) {
    out += soundsOutsideProtected(text, last, m.index);
    out += m[0];
    last = m.index + m[0].length;
  }
  return out + soundsOutsideProtected(text, last, text.length);
}

function soundsOutsideProtected(text: string, from: number, to: number): string {
  const part = text.slice(from, to);
  return part.replace(WORD, (word: string, offset: number) => {
    // Sentence start: start of the text or of a line (after an option number such as "1 "), or after . ! ?
    const head = text.slice(0, from + offset);
    const before = head.replace(/[\s"'(]+$/, '');
    const sentenceStart =
      before === '' || /[.!?]$/.test(before) || /\n[\s"'(]*$/.test(head) || /(^|\n)\d+[.)]?$/.test(before);
    const hyphenated = part[offset - 1] === '-' || part[offset + word.length] === '-';
    if (!isBambaraWord(word, sentenceStart, hyphenated)) return word;
    return [...word].map((c) => FRENCH_SOUNDS[c] ?? c).join('');
  });
}

function mapChars(text: string, table: Readonly<Record<string, string>>): string {
  return [...text].map((c) => table[c] ?? c).join('');
}

/** A Bambara text in the given spelling ('official' leaves it as written). */
export function spellBambara(text: string, spelling: BambaraSpelling): string {
  if (spelling === 'official') return text;
  return mapChars(spelling === 'french' ? frenchSounds(text) : text, BAMBARA[spelling]);
}
