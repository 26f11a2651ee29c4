/**
 * flows:check rules for the numbers screens say (issue 14 D): a node's `numbers` must describe its text
 * exactly, name directory contacts with the number the directory gives, and no screen text may say an
 * emergency number from sources outside such a part (a failed test call could not take it out).
 */
import { LOCALES } from '../shared/locale';
import type { CompiledFlow } from './compile';
import { reviewedNumbersText } from './contact-numbers';
import type { FlowProblem } from './parse';

/** The parts of a directory entry these rules need. */
export interface NumberedEntryLike {
  id: string;
  phone?: string | undefined;
  fromSources?: boolean | undefined;
}

const digitsOnly = (s: string): string => s.replace(/\D/g, '');

/** Whether `text` says the number: its digits, not inside a longer run of digits (so "18" is not "2018"). */
function says(text: string, phone: string): boolean {
  const digits = digitsOnly(phone);
  if (digits.length === 0) return false;
  const spaced = digits.split('').join('[ .-]?');
  return new RegExp(`(^|\\D)${spaced}(\\D|$)`).test(text);
}

export function numbersProblems(
  flow: CompiledFlow,
  file: string,
  directory: readonly NumberedEntryLike[],
): FlowProblem[] {
  const byId = new Map(directory.map((e) => [e.id, e]));
  // 17 and 18 are also ages ("avant 18 ans"): the short numbers are checked only where a part says them.
  const guarded = directory.filter((e) => e.fromSources === true && digitsOnly(e.phone ?? '').length >= 4);
  const problems: FlowProblem[] = [];
  for (const [node, n] of Object.entries(flow.nodes)) {
    for (const locale of LOCALES) {
      let rest = n.text[locale];
      const phrase = n.numbers?.[locale];
      if (phrase) {
        const reviewed = reviewedNumbersText(phrase);
        const at = rest.indexOf(reviewed);
        if (at < 0 || rest.indexOf(reviewed, at + 1) >= 0) {
          const how = at < 0 ? 'is not' : 'is more than once';
          problems.push({
            file,
            node,
            locale,
            message: `numbers: ${JSON.stringify(reviewed)} ${how} in the text`,
          });
        } else rest = rest.slice(0, at) + rest.slice(at + reviewed.length);
        for (const item of phrase.groups.flatMap((g) => g.items)) {
          const entry = byId.get(item.contact);
          if (!entry) {
            problems.push({
              file,
              node,
              locale,
              message: `numbers: contact "${item.contact}" is not in the directory`,
            });
          } else if (digitsOnly(entry.phone ?? '') !== digitsOnly(item.says)) {
            problems.push({
              file,
              node,
              locale,
              message: `numbers: "${item.says}" is not the directory's number of "${item.contact}"`,
            });
          }
        }
      }
      for (const e of guarded) {
        if (e.phone && says(rest, e.phone)) {
          problems.push({
            file,
            node,
            locale,
            message: `the text says the number of "${e.id}" outside \`numbers\`: a failed test call could not hide it`,
          });
        }
      }
    }
  }
  return problems;
}
