import type { Actor } from '../../domain/reports/access-policy';
import type { Note, Reply, Report } from '../../domain/reports/report';
import type { Locale } from '../../domain/shared/locale';
import { callerKey } from '../../domain/privacy/caller-key';
import type { ConsoleDeps } from '../console-deps';
import { AUDIT, recordAudit } from './audit-trail';
import { findWorkableReport } from './report-workflow.service';

export const NOTE_MAX = 2000;
/** A reply is read on a phone screen (paged USSD): keep it to a few screens. */
export const REPLY_MAX = 480;

type MessageDeps = Pick<ConsoleDeps, 'store' | 'clock' | 'sealer' | 'smsSender' | 'config' | 'logger'> &
  Pick<ConsoleDeps, 'replyNoticeText'>;

export async function addNote(
  deps: Pick<ConsoleDeps, 'store' | 'clock'>,
  actor: Actor,
  reportId: string,
  text: string,
): Promise<Note> {
  await findWorkableReport(deps, actor, reportId);
  const note = await deps.store.reports.addNote({
    reportId,
    authorId: actor.id,
    text,
    createdAt: deps.clock.now(),
  });
  await recordAudit(deps, actor.id, AUDIT.reportNote, reportId, { noteId: note.id });
  return note;
}

/**
 * Discreet on purpose: a phone may be checked by the person causing harm, so the notice names no topic;
 * the reply itself is read by dialling the service with the report code. The Bambara text is built from
 * glossary words (cikan, kòdi, digi) and still needs a native reader's review.
 */
export function defaultReplyNotice(locale: Locale, serviceCode: string): string {
  return locale === 'bm'
    ? `Tanga: cikan kura b'i ye. ${serviceCode} digi, i ka kòdi sèbèn.`
    : `Tanga : un nouveau message vous attend. Composez ${serviceCode} et entrez votre code.`;
}

export type ReplyNotice = 'queued' | 'not_consented' | 'opted_out' | 'failed';

/**
 * Stores the reply (what the follow-by-code menu shows) and, only when the reporter agreed to be contacted,
 * asks the SMS pipeline for a notice within their safe hours. A failed notice does not undo the reply.
 */
export async function replyToReporter(
  deps: MessageDeps,
  actor: Actor,
  reportId: string,
  text: string,
): Promise<{ reply: Reply; notice: ReplyNotice }> {
  const report = await findWorkableReport(deps, actor, reportId);
  const reply = await deps.store.reports.addReply({
    reportId,
    authorId: actor.id,
    text,
    createdAt: deps.clock.now(),
  });
  const notice = await sendNotice(deps, report, reply);
  await recordAudit(deps, actor.id, AUDIT.reportReply, reportId, { replyId: reply.id, notice });
  return { reply, notice };
}

async function sendNotice(deps: MessageDeps, report: Report, reply: Reply): Promise<ReplyNotice> {
  if (report.contact !== 'sms_or_call' || report.sealedContact === null) return 'not_consented';
  try {
    const e164 = deps.sealer.open(report.sealedContact);
    const text =
      deps.replyNoticeText?.(report.locale) ??
      defaultReplyNotice(report.locale, deps.config.USSD_SERVICE_CODE);
    const sent = await deps.smsSender.send({
      dedupeKey: `reply:${reply.id}`,
      sealedTo: report.sealedContact,
      callerKey: callerKey(deps.config.PEPPER, e164),
      text,
      locale: report.locale,
      kind: 'counsellor_reply',
      timing: 'safe_hours',
      safeHours: report.safeHours ?? { start: deps.config.SAFE_HOURS_START, end: deps.config.SAFE_HOURS_END },
    });
    return sent.queued ? 'queued' : 'opted_out';
  } catch (err) {
    deps.logger.error({ err, reportId: report.id, replyId: reply.id }, 'reply notice could not be queued');
    return 'failed';
  }
}
