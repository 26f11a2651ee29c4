/**
 * Numbers a screen's text says that belong to directory contacts (issue 14 D): the emergency numbers
 * shipped from sources (17, 18, the police and gendarmerie toll-free lines) stay in `text` as reviewed,
 * and a node's `numbers` describes the part of the text that says them, per locale. On a phone that part
 * is rebuilt from the contacts shown now: a hidden contact takes its number out, a group whose numbers are
 * all hidden goes with its label, and with none left the whole part (lead and tail too) goes. With every
 * number shown the rebuilt part is the reviewed text itself (flows:check verifies it), so screens and
 * golden transcripts do not change until a test call says otherwise.
 */
import { z } from 'zod';

const contactId = z.string().regex(/^[a-z][a-z0-9_]*$/);

export const numbersPhraseSchema = z
  .object({
    /** Said before the first group ("Appelez vite:\n"); dropped with the last number. */
    lead: z.string().default(''),
    groups: z
      .array(
        z
          .object({
            /** Said before the group's numbers ("Police: "). */
            label: z.string().default(''),
            /** Between two numbers of the group (" ou "). */
            or: z.string().default(' '),
            items: z
              .array(
                z
                  .object({
                    contact: contactId,
                    /** The number as the reviewed text says it (the directory's phone from sources). */
                    says: z.string().min(1),
                    /** Said right after the number (" (gratuit)"). */
                    after: z.string().default(''),
                  })
                  .strict(),
              )
              .min(1),
          })
          .strict(),
      )
      .min(1),
    /** Between two groups ("\n", ", "). */
    sep: z.string(),
    /** Said after the last group; dropped with it. */
    tail: z.string().default(''),
  })
  .strict();
export type NumbersPhrase = z.infer<typeof numbersPhraseSchema>;

export const nodeNumbersSchema = z.object({ fr: numbersPhraseSchema, bm: numbersPhraseSchema }).strict();
export type NodeNumbers = z.infer<typeof nodeNumbersSchema>;

/** The number a contact is said with now, or null while it is hidden. */
export type PhoneOf = (contactId: string) => string | null;

/** The phrase with the numbers `phoneOf` gives (the empty string when none is shown). */
export function numbersText(phrase: NumbersPhrase, phoneOf: PhoneOf): string {
  const groups = phrase.groups.flatMap((g) => {
    const items = g.items.flatMap((i) => {
      const phone = phoneOf(i.contact);
      return phone === null ? [] : [`${phone}${i.after}`];
    });
    return items.length === 0 ? [] : [`${g.label}${items.join(g.or)}`];
  });
  return groups.length === 0 ? '' : `${phrase.lead}${groups.join(phrase.sep)}${phrase.tail}`;
}

/** The phrase as the reviewed text says it: every number shown, as `says`. */
export function reviewedNumbersText(phrase: NumbersPhrase): string {
  const says = new Map(phrase.groups.flatMap((g) => g.items.map((i) => [i.contact, i.says] as const)));
  return numbersText(phrase, (id) => says.get(id) ?? null);
}

/**
 * The text with its numbers part rebuilt from `phoneOf`. A text that does not hold the reviewed part is
 * returned unchanged: flows:check refuses such a flow, and the boot with it.
 */
export function textWithNumbers(text: string, phrase: NumbersPhrase, phoneOf: PhoneOf): string {
  const reviewed = reviewedNumbersText(phrase);
  const at = text.indexOf(reviewed);
  if (at < 0) return text;
  return `${text.slice(0, at)}${numbersText(phrase, phoneOf)}${text.slice(at + reviewed.length)}`;
}
