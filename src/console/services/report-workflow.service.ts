import { AppError } from '../../domain/errors';
import type { Store } from '../../domain/ports';
import {
  assertAllowed,
  canAssign,
  canViewReport,
  canWorkOnReport,
  visibilityFilter,
} from '../../domain/reports/access-policy';
import type { Actor } from '../../domain/reports/access-policy';
import type {
  CloseOutcome,
  Note,
  Page,
  Referral,
  Reply,
  Report,
  ReportFilter,
  ReportStatus,
  TakedownRequest,
} from '../../domain/reports/report';
import { assertTransition } from '../../domain/reports/status-transitions';
import { AUDIT, recordAudit } from './audit-trail';
import type { AuditDeps } from './audit-trail';
import { assertVersion, findReport, withVersionCheck } from './report-access';

/** The queue as this actor may see it, most urgent and oldest first (the store's order). */
export function listReports(
  deps: { store: Store },
  actor: Actor,
  filter: Omit<ReportFilter, 'visibleTo'>,
  page: { limit: number; cursor?: string | null },
): Promise<Page<Report>> {
  return deps.store.reports.list({ ...filter, ...visibilityFilter(actor) }, page);
}

export interface ReportDetail {
  report: Report;
  notes: Note[];
  replies: Reply[];
  referrals: Referral[];
  takedowns: TakedownRequest[];
}

/** A report with everything hanging off it; every view is audited. */
export async function viewReport(deps: AuditDeps, actor: Actor, id: string): Promise<ReportDetail> {
  const report = await findReport(deps.store, id);
  assertAllowed(canViewReport(actor, report), 'Ce signalement est suivi par un autre conseiller.');
  const [notes, replies, referrals, takedowns] = await Promise.all([
    deps.store.reports.listNotes(id),
    deps.store.reports.listReplies(id),
    deps.store.reports.listReferrals(id),
    deps.store.reports.listTakedowns(id),
  ]);
  await recordAudit(deps, actor.id, AUDIT.reportView, id);
  return { report, notes, replies, referrals, takedowns };
}

/** Loads a report the actor may change: a counsellor must have taken it first. */
export async function findWorkableReport(deps: { store: Store }, actor: Actor, id: string): Promise<Report> {
  const report = await findReport(deps.store, id);
  assertAllowed(
    canWorkOnReport(actor, report),
    report.assignedTo === null
      ? 'Prenez d’abord ce signalement en charge.'
      : 'Ce signalement est suivi par un autre conseiller.',
  );
  return report;
}

export async function changeStatus(
  deps: AuditDeps,
  actor: Actor,
  id: string,
  change: { status: ReportStatus; outcome: CloseOutcome | null; version: number },
): Promise<Report> {
  const report = await findWorkableReport(deps, actor, id);
  assertVersion(report, change.version);
  assertTransition(report.status, change.status, change.outcome, actor.role);
  const updated = await withVersionCheck(() =>
    deps.store.reports.updateStatus(
      id,
      { status: change.status, outcome: change.outcome, at: deps.clock.now() },
      change.version,
    ),
  );
  await recordAudit(deps, actor.id, AUDIT.reportStatus, id, {
    from: report.status,
    to: updated.status,
    outcome: updated.outcome,
  });
  return updated;
}

export async function assignReport(
  deps: AuditDeps,
  actor: Actor,
  id: string,
  change: { counsellorId: string | null; version: number },
): Promise<Report> {
  const report = await findReport(deps.store, id);
  assertAllowed(
    canAssign(actor, report, change.counsellorId),
    report.assignedTo === null
      ? 'Un conseiller ne peut prendre un signalement que pour lui-même.'
      : 'Seul un superviseur peut réattribuer un signalement déjà pris.',
  );
  assertVersion(report, change.version);
  if (change.counsellorId !== null) {
    const assignee = await deps.store.counsellors.findById(change.counsellorId);
    if (!assignee || !assignee.active) {
      throw new AppError('Ce compte n’existe pas ou est désactivé.', { code: 'bad_request' });
    }
  }
  const updated = await withVersionCheck(() =>
    deps.store.reports.assign(id, change.counsellorId, change.version, deps.clock.now()),
  );
  await recordAudit(deps, actor.id, AUDIT.reportAssign, id, {
    from: report.assignedTo,
    to: updated.assignedTo,
  });
  return updated;
}
