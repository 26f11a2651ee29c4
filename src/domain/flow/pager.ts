/**
 * Splits a screen into USSD pages that fit the budget. A page is `CON ` + body + footer; the budget is
 * counted on the whole string as it goes out (182 GSM-7 characters, or 80 when any character needs UCS-2).
 */
import { gsmLength, isGsm7 } from './gsm';

export interface UssdBudget {
  gsm7: number;
  ucs2: number;
}

export const DEFAULT_BUDGET: UssdBudget = { gsm7: 182, ucs2: 80 };
export const PREFIX_LENGTH = 4; // "CON " / "END "

/** Length of a full USSD answer against its budget: GSM-7 septets, or UTF-16 units when UCS-2 is needed. */
export function screenCost(
  s: string,
  budget: UssdBudget = DEFAULT_BUDGET,
): { length: number; limit: number } {
  return isGsm7(s) ? { length: gsmLength(s), limit: budget.gsm7 } : { length: s.length, limit: budget.ucs2 };
}

export function fits(s: string, budget: UssdBudget = DEFAULT_BUDGET): boolean {
  const { length, limit } = screenCost(s, budget);
  return length <= limit;
}

export interface PageLayout {
  /** Footer on every page but the last (e.g. "98 Suite" + nav line). */
  moreFooter: string[];
  /** Footer on the last page (nav line, or nothing). */
  lastFooter: string[];
  /**
   * Room kept on every page for a header line shown only sometimes (the "invalid choice" notice), so a
   * re-prompt fits and page numbers do not shift.
   */
  reserve?: string[];
}

const join = (lines: string[]): string => lines.join('\n');

function pageText(body: string[], footer: string[]): string {
  return join([...body, ...footer]);
}

/** Splits a piece of text at word boundaries (or hard cuts for a single huge word). */
function splitWords(line: string, room: (piece: string) => boolean): string[] {
  const words = line.split(' ');
  const out: string[] = [];
  let cur = '';
  for (const w of words) {
    const next = cur === '' ? w : `${cur} ${w}`;
    if (room(next)) {
      cur = next;
      continue;
    }
    if (cur !== '') out.push(cur);
    if (room(w)) {
      cur = w;
      continue;
    }
    // A single word longer than a page: cut it.
    let rest = w;
    while (!room(rest)) {
      let n = rest.length - 1;
      while (n > 1 && !room(rest.slice(0, n))) n--;
      out.push(rest.slice(0, n));
      rest = rest.slice(n);
    }
    cur = rest;
  }
  if (cur !== '') out.push(cur);
  return out;
}

/** Sentence ends (and the colon that opens a list or an answer) are where a line may be cut first. */
const SENTENCE_END = /(?<=[.!?:;])\s+/;

/**
 * Splits one over-long line into pieces that fit: whole sentences where they fit, so a page never ends
 * mid-phrase; only a sentence longer than a page is cut between words.
 */
export function splitLine(line: string, room: (piece: string) => boolean): string[] {
  const out: string[] = [];
  let cur = '';
  for (const sentence of line.split(SENTENCE_END)) {
    const next = cur === '' ? sentence : `${cur} ${sentence}`;
    if (room(next)) {
      cur = next;
      continue;
    }
    if (cur !== '') out.push(cur);
    cur = '';
    if (room(sentence)) {
      cur = sentence;
      continue;
    }
    const pieces = splitWords(sentence, room);
    cur = pieces.pop() ?? '';
    out.push(...pieces);
  }
  if (cur !== '') out.push(cur);
  return out;
}

/**
 * Greedy packing of `lines` into pages. Each page is the text after `CON `; every page fits the budget
 * unless a footer alone cannot fit (then the checker reports it).
 */
export function paginate(lines: string[], layout: PageLayout, budget: UssdBudget = DEFAULT_BUDGET): string[] {
  const reserve = layout.reserve ?? [];
  const ok = (body: string[], footer: string[]): boolean =>
    fits('CON ' + pageText([...reserve, ...body], footer), budget);

  const pages: string[] = [];
  let queue = [...lines];
  let guard = 0;
  while (guard++ < 200) {
    if (ok(queue, layout.lastFooter)) {
      pages.push(pageText(queue, layout.lastFooter));
      return pages;
    }
    const body: string[] = [];
    while (queue.length > 0) {
      const line = queue[0]!;
      if (ok([...body, line], layout.moreFooter)) {
        body.push(line);
        queue.shift();
        continue;
      }
      if (body.length === 0) {
        // The line alone is too long: split it and keep what fits on this page.
        const pieces = splitLine(line, (p) => ok([p], layout.moreFooter));
        body.push(pieces[0] ?? line);
        queue = [...pieces.slice(1), ...queue.slice(1)];
      }
      break;
    }
    if (body.length === 0) break;
    pages.push(pageText(body, layout.moreFooter));
  }
  // Unreachable in practice; return what we have so the caller still answers.
  pages.push(pageText(queue, layout.lastFooter));
  return pages;
}
