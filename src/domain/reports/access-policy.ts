import { AppError } from '../errors';
import type { Role } from '../ports';
import type { Report, ReportFilter } from './report';

/**
 * Who may do what in the console. Admins can do everything a supervisor can (assign, reveal, read the
 * audit log, reopen), plus accounts, exports and the queue dashboard: a small service often has one person
 * in both roles, and splitting them would only push admins to keep a second account.
 */
export interface Actor {
  id: string;
  role: Role;
}

const OVERSIGHT: readonly Role[] = ['supervisor', 'admin'];

const oversees = (actor: Actor): boolean => OVERSIGHT.includes(actor.role);
const isAssignee = (actor: Actor, report: Report): boolean => report.assignedTo === actor.id;

/** The part of a list filter the policy imposes: a counsellor sees the unassigned queue and their own. */
export function visibilityFilter(actor: Actor): Pick<ReportFilter, 'visibleTo'> {
  return oversees(actor) ? {} : { visibleTo: actor.id };
}

export function canViewReport(actor: Actor, report: Report): boolean {
  return oversees(actor) || report.assignedTo === null || isAssignee(actor, report);
}

/** Status changes, notes, replies, referrals and take-downs: a counsellor takes the report first. */
export function canWorkOnReport(actor: Actor, report: Report): boolean {
  return oversees(actor) || isAssignee(actor, report);
}

/** Supervisors assign to anyone (or unassign); a counsellor may only take an unassigned report. */
export function canAssign(actor: Actor, report: Report, assigneeId: string | null): boolean {
  if (oversees(actor)) return true;
  return report.assignedTo === null && assigneeId === actor.id;
}

export function canRevealContact(actor: Actor, report: Report): boolean {
  return oversees(actor) || isAssignee(actor, report);
}

export const canReadAudit = (actor: Actor): boolean => oversees(actor);
export const canReadStatistics = (actor: Actor): boolean => oversees(actor);
/** Test calls decide what phones show (issue 14 D): the oversight roles record them. */
export const canRecordTestCall = (actor: Actor): boolean => oversees(actor);
/** Editing and adding directory contacts (issue 14 D): the same people who test-call them. */
export const canEditDirectory = (actor: Actor): boolean => oversees(actor);
export const canExport = (actor: Actor): boolean => actor.role === 'admin';
export const canManageAccounts = (actor: Actor): boolean => actor.role === 'admin';
export const canViewQueueDashboard = (actor: Actor): boolean => actor.role === 'admin';

/** Throws a 403 with `message` unless `allowed`. */
export function assertAllowed(allowed: boolean, message: string): void {
  if (!allowed) throw new AppError(message, { code: 'forbidden' });
}
