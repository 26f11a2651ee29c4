import type { Express, Response } from 'express';
import { z } from 'zod';
import type { ConsoleDeps } from '../../../console/console-deps';
import {
  toMessageView,
  toReferralView,
  toReportView,
  toTakedownView,
} from '../../../console/report-view.presenter';
import { viewReport } from '../../../console/services/report-workflow.service';
import { canAssign, canRevealContact, canWorkOnReport } from '../../../domain/reports/access-policy';
import type { Actor } from '../../../domain/reports/access-policy';
import { CLOSE_OUTCOMES, PLATFORMS, TAKEDOWN_STATES } from '../../../domain/reports/report';
import { allowedNextStatuses } from '../../../domain/reports/status-transitions';
import { signedIn } from '../console-session.middleware';
import { idParam, parseInput } from '../request-validation';
import { queryOf, renderPage } from './page-context';

const DONE: Record<string, string> = {
  assigned: 'Attribution enregistrée.',
  status: 'Statut mis à jour.',
  note: 'Note interne ajoutée.',
  reply: 'Réponse enregistrée : la personne la lira avec son code.',
  referral: 'Orientation enregistrée.',
  takedown: 'Demande de retrait enregistrée.',
  takedown_update: 'Demande de retrait mise à jour.',
};
const SMS: Record<string, string> = {
  queued: 'Un SMS discret l’avertira pendant ses heures sûres.',
  not_consented: 'Aucun SMS : la personne n’a pas accepté d’être contactée.',
  opted_out: 'Aucun SMS : la personne a demandé à ne plus en recevoir.',
  failed: 'Le SMS d’avertissement n’a pas pu être programmé ; la réponse reste lisible avec le code.',
};

const pageQuery = z.strictObject({
  done: z.enum(Object.keys(DONE) as [string, ...string[]]).optional(),
  sms: z.enum(Object.keys(SMS) as [string, ...string[]]).optional(),
});

export const reportParams = z.strictObject({ id: idParam });

/**
 * Renders a report's page (an audited view). Used after a failed form too, with the error on top and
 * the HTTP status of the failure, and after a reveal, with the number.
 */
export async function renderReportPage(
  res: Response,
  deps: ConsoleDeps,
  actor: Actor,
  id: string,
  extra: { notice?: string | null; error?: string | null; revealed?: string | null } = {},
): Promise<void> {
  const d = await viewReport(deps, actor, id);
  const accounts = await deps.store.counsellors.list();
  const names = new Map(accounts.map((c) => [c.id, c.displayName]));
  const directory = await deps.store.directory.list();
  const entries = new Map(directory.map((e) => [e.id, e]));
  const oversees = actor.role !== 'counsellor';
  if (extra.revealed) res.set('Cache-Control', 'no-store');
  const hasVoice = !d.report.purgedAt && (await deps.reportAudio?.has(d.report.sourceRef)) === true;
  renderPage(res, 'report', `Signalement ${d.report.code}`, {
    report: toReportView(d.report),
    hasVoice,
    notes: d.notes.map(toMessageView),
    replies: d.replies.map(toMessageView),
    referrals: d.referrals.map((r) => ({
      ...toReferralView(r),
      entryName: entries.get(r.directoryEntryId)?.name ?? r.directoryEntryId,
    })),
    takedowns: d.takedowns.map(toTakedownView),
    nameOf: (authorId: string | null) =>
      authorId === null ? null : (names.get(authorId) ?? 'compte inconnu'),
    transitions: allowedNextStatuses(d.report.status, actor.role),
    can: {
      work: canWorkOnReport(actor, d.report),
      take: !oversees && canAssign(actor, d.report, actor.id),
      assign: oversees,
      reveal:
        canRevealContact(actor, d.report) &&
        d.report.contact === 'sms_or_call' &&
        d.report.sealedContact !== null,
    },
    assignees: accounts.filter((c) => c.active),
    directory,
    outcomes: CLOSE_OUTCOMES,
    platforms: PLATFORMS,
    takedownStates: TAKEDOWN_STATES,
    today: deps.clock.now().toISOString().slice(0, 10),
    revealed: extra.revealed ?? null,
    notice: extra.notice ?? null,
    error: extra.error ?? null,
  });
}

export function registerReportPage(web: Express, deps: ConsoleDeps): void {
  web.get('/reports/:id', async (req, res) => {
    const { actor } = signedIn(res);
    const { id } = parseInput(reportParams, req.params, 'params');
    const q = parseInput(pageQuery, queryOf(req), 'query');
    const notice = q.done ? [DONE[q.done], q.sms ? SMS[q.sms] : undefined].filter(Boolean).join(' ') : null;
    await renderReportPage(res, deps, actor, id, { notice });
  });
}
