import { AppError } from '../errors';
import { renderForPhone } from '../flow/gsm';
import type { BambaraSpelling } from '../flow/bambara-spelling';
import type { Flow } from '../flow/schema';
import { smsContactLines, type ShownContactOf } from '../flow/sms-contacts';
import type { Locale } from '../shared/locale';

/**
 * The final text of an SMS template (`sms:` in the flow), placeholders filled, rendered for the phone.
 * `shownOf` says which of the template's `contacts` phones show now; without it none is added.
 */
export type SmsTemplates = (
  id: string,
  locale: Locale,
  vars?: Record<string, string>,
  shownOf?: ShownContactOf,
) => string;

/**
 * `defaults` fills placeholders every template may use (`{serviceCode}`); `vars` given per message win.
 * Throws for an unknown template id: a missing text is a content bug the flow checker should have caught.
 */
export function createSmsTemplates(
  flow: Pick<Flow, 'sms' | 'gsmSafe'>,
  opts: { spelling: BambaraSpelling; defaults?: Record<string, string> },
): SmsTemplates {
  const gsmSafe = flow.gsmSafe?.sms ?? true;
  return (id, locale, vars = {}, shownOf) => {
    const template = flow.sms[id];
    if (!template) throw new AppError(`unknown SMS template ${id}`, { code: 'internal' });
    const all = { ...opts.defaults, ...vars };
    const filled = template.text[locale].replace(
      /\{([a-zA-Z][a-zA-Z0-9]*)\}/g,
      (whole, name: string) => all[name] ?? whole,
    );
    const lines = shownOf ? smsContactLines(template, locale, shownOf) : [];
    return renderForPhone([filled, ...lines].join('\n'), { locale, spelling: opts.spelling, gsmSafe });
  };
}

/** Tips are the templates `tip_1` … `tip_n`, numbered without gaps; n is how many there are. */
export function countTips(flow: Pick<Flow, 'sms'>): number {
  let n = 0;
  while (flow.sms[`tip_${n + 1}`] !== undefined) n += 1;
  return n;
}

/** Which tip template comes next for a subscriber whose tip index is `index` (wrapping around). */
export function tipTemplateId(index: number, tipCount: number): string {
  if (tipCount < 1) throw new AppError('no tips in the flow', { code: 'internal' });
  return `tip_${(((index % tipCount) + tipCount) % tipCount) + 1}`;
}
