import { AppError } from '../../domain/errors';
import type { Actor } from '../../domain/reports/access-policy';
import type { Platform, Referral, TakedownRequest, TakedownState } from '../../domain/reports/report';
import type { ConsoleDeps } from '../console-deps';
import { AUDIT, recordAudit } from './audit-trail';
import { findWorkableReport } from './report-workflow.service';

/** Referrals to the support directory and platform take-down requests: what is done outside the console. */
export async function addReferral(
  deps: Pick<ConsoleDeps, 'store' | 'clock'>,
  actor: Actor,
  reportId: string,
  directoryEntryId: string,
): Promise<Referral> {
  await findWorkableReport(deps, actor, reportId);
  if (!(await deps.store.directory.get(directoryEntryId))) {
    throw new AppError('Cette adresse n’est pas dans l’annuaire.', { code: 'bad_request' });
  }
  const referral = await deps.store.reports.addReferral({
    reportId,
    directoryEntryId,
    authorId: actor.id,
    createdAt: deps.clock.now(),
  });
  await recordAudit(deps, actor.id, AUDIT.reportReferral, reportId, { directoryEntryId });
  return referral;
}

export async function addTakedown(
  deps: Pick<ConsoleDeps, 'store' | 'clock'>,
  actor: Actor,
  reportId: string,
  input: { platform: Platform; submittedOn: Date; state: TakedownState },
): Promise<TakedownRequest> {
  await findWorkableReport(deps, actor, reportId);
  const takedown = await deps.store.reports.addTakedown({
    reportId,
    platform: input.platform,
    submittedOn: input.submittedOn,
    state: input.state,
    authorId: actor.id,
    updatedAt: deps.clock.now(),
  });
  await recordAudit(deps, actor.id, AUDIT.takedownCreate, reportId, {
    takedownId: takedown.id,
    platform: takedown.platform,
    state: takedown.state,
  });
  return takedown;
}

export async function updateTakedown(
  deps: Pick<ConsoleDeps, 'store' | 'clock'>,
  actor: Actor,
  reportId: string,
  takedownId: string,
  state: TakedownState,
): Promise<TakedownRequest> {
  await findWorkableReport(deps, actor, reportId);
  const existing = (await deps.store.reports.listTakedowns(reportId)).find((t) => t.id === takedownId);
  if (!existing) throw new AppError('Demande de retrait introuvable.', { code: 'not_found' });
  const takedown = await deps.store.reports.updateTakedown(takedownId, state, deps.clock.now());
  await recordAudit(deps, actor.id, AUDIT.takedownUpdate, reportId, {
    takedownId,
    from: existing.state,
    to: takedown.state,
  });
  return takedown;
}
