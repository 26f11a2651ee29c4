/**
 * "Follow my report": the status of a report, in words of the caller's language, and the counsellor's
 * latest reply. Lookups count per caller and hour (shared with the SMS `CODE` keyword), taken before the
 * lookup; past the limit no code is looked up at all, so codes cannot be found by trying many.
 */
import type { WrongCodeCounter } from '../domain/phone-ports';
import type { Store } from '../domain/ports';
import type { Reply } from '../domain/reports/report';
import { isValidReportCode, normalizeReportCode } from '../domain/reports/report-code';
import type { SmsTemplates } from '../domain/sms/sms-templates';
import type { HopContext } from './hop-context';

export interface ReportLookupDeps {
  store: Pick<Store, 'reports'>;
  /** WRONG_CODES_PER_HOUR, shared with the SMS `CODE` keyword. */
  wrongCodes: WrongCodeCounter;
  /** Status words and notices live in the flow's `sms:` templates (`status_<status>`, `reply_none`…). */
  templates: SmsTemplates;
}

export type ReportLookup = (ctx: HopContext) => Promise<{ status: string; reply: string }>;

function newest(replies: readonly Reply[]): Reply | null {
  let best: Reply | null = null;
  for (const r of replies) if (!best || r.createdAt.getTime() >= best.createdAt.getTime()) best = r;
  return best;
}

export function createReportLookup(deps: ReportLookupDeps): ReportLookup {
  const { wrongCodes } = deps;
  return async (ctx) => {
    const t = (id: string): string => deps.templates(id, ctx.locale);
    const code = normalizeReportCode(ctx.answers[ctx.params.codeField ?? 'code'] ?? '');
    // A code failing its check digit is a typo: no lookup, so no slot taken.
    if (!isValidReportCode(code)) return { status: t('code_unknown'), reply: '' };
    // The slot is taken before the lookup (atomically), once per session and code: paging (98) or a
    // repeated request re-runs the lookup without counting again.
    if (!(await wrongCodes.tryLookup(ctx.callerKey, ctx.now, `${ctx.sessionId}:${code}`))) {
      return { status: t('code_blocked'), reply: '' };
    }
    const report = await deps.store.reports.findByCode(code);
    if (!report) return { status: t('code_unknown'), reply: '' };
    const reply = newest(await deps.store.reports.listReplies(report.id));
    // A purged reply has an empty text: say there is none rather than show a blank line.
    return { status: t(`status_${report.status}`), reply: reply?.text || t('reply_none') };
  };
}
