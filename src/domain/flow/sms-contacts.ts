/**
 * The lines an SMS template's `contacts` add under its text (issue 14 D): one per contact shown on phones
 * now, "label: number", with the template's own discreet label. Pure: the caller says which contacts are
 * shown (the phone layer's test-call rules; the checker's worst case, all of them).
 */
import type { Locale } from '../shared/locale';
import type { SmsTemplate } from './schema';

/** A contact phones may show now, with its number; null while hidden (never listed then). */
export type ShownContactOf = (id: string) => { phone?: string | null | undefined } | null;

export function smsContactLines(template: SmsTemplate, locale: Locale, shownOf: ShownContactOf): string[] {
  return (template.contacts ?? []).flatMap((c) => {
    const phone = shownOf(c.id)?.phone;
    return phone ? [`${c.label[locale]}: ${phone}`] : [];
  });
}
