import { AppError } from '../errors';
import type { Role } from '../ports';
import { CLOSE_OUTCOMES } from './report';
import type { CloseOutcome, ReportStatus } from './report';

/**
 * The counsellors' workflow as a table. Reopening a closed report is kept for supervisors (and admins, who
 * can do whatever a supervisor can): a closed report may already have been purged or counted as done.
 */
const ALLOWED: Readonly<Record<ReportStatus, readonly ReportStatus[]>> = {
  new: ['in_review', 'closed'],
  in_review: ['waiting_reporter', 'referred', 'closed'],
  waiting_reporter: ['in_review', 'closed'],
  referred: ['in_review', 'closed'],
  closed: ['in_review'],
};

/** Messages go to counsellors, who work in French. */
const STATUS_FR: Readonly<Record<ReportStatus, string>> = {
  new: 'nouveau',
  in_review: 'en cours',
  waiting_reporter: 'en attente de la personne',
  referred: 'orienté',
  closed: 'clôturé',
};

const REOPEN_ROLES: readonly Role[] = ['supervisor', 'admin'];

const isReopen = (from: ReportStatus, to: ReportStatus): boolean => from === 'closed' && to === 'in_review';

/** The statuses this role may move a report to from `from` (what the console offers). */
export function allowedNextStatuses(from: ReportStatus, role: Role): ReportStatus[] {
  return ALLOWED[from].filter((to) => !isReopen(from, to) || REOPEN_ROLES.includes(role));
}

export function isCloseOutcome(value: unknown): value is CloseOutcome {
  return typeof value === 'string' && (CLOSE_OUTCOMES as readonly string[]).includes(value);
}

/**
 * Throws when the move is not allowed: 409 for a transition the workflow forbids, 403 for a reopen by a
 * counsellor, 400 when closing without a valid outcome or giving an outcome to anything but a close.
 */
export function assertTransition(
  from: ReportStatus,
  to: ReportStatus,
  outcome: CloseOutcome | null | undefined,
  role: Role,
): void {
  if (!ALLOWED[from].includes(to)) {
    throw new AppError(
      `Un signalement ne peut pas passer de « ${STATUS_FR[from]} » (${from}) à « ${STATUS_FR[to]} » (${to}).`,
      {
        code: 'conflict',
        details: { from, to, allowed: ALLOWED[from].join(',') },
      },
    );
  }
  if (isReopen(from, to) && !REOPEN_ROLES.includes(role)) {
    throw new AppError('Seul un superviseur ou un administrateur peut rouvrir un signalement clôturé.', {
      code: 'forbidden',
    });
  }
  if (to === 'closed' && !isCloseOutcome(outcome)) {
    throw new AppError(`Pour clôturer, choisissez une issue : ${CLOSE_OUTCOMES.join(', ')}.`, {
      code: 'bad_request',
    });
  }
  if (to !== 'closed' && outcome !== null && outcome !== undefined) {
    throw new AppError('Une issue ne se donne qu’à la clôture.', { code: 'bad_request' });
  }
}
