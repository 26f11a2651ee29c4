import { AppError } from '../../domain/errors';
import { assertAllowed, canRevealContact } from '../../domain/reports/access-policy';
import type { Actor } from '../../domain/reports/access-policy';
import type { ConsoleDeps } from '../console-deps';
import { AUDIT, recordAudit } from './audit-trail';
import { findReport } from './report-access';

/**
 * Opens the number a reporter agreed to give. Only the assigned counsellor, a supervisor or an admin may,
 * and every reveal is in the audit log, before the number leaves the server.
 */
export async function revealContact(
  deps: Pick<ConsoleDeps, 'store' | 'clock' | 'sealer'>,
  actor: Actor,
  reportId: string,
): Promise<{ phoneNumber: string }> {
  const report = await findReport(deps.store, reportId);
  assertAllowed(
    canRevealContact(actor, report),
    'Seul le conseiller chargé de ce signalement, ou un superviseur, peut voir ce numéro.',
  );
  if (report.contact !== 'sms_or_call' || report.sealedContact === null) {
    throw new AppError(
      report.purgedAt
        ? 'Le numéro a été effacé (durée de conservation dépassée).'
        : 'La personne n’a pas accepté d’être contactée : aucun numéro n’est conservé.',
      { code: 'conflict', details: { reason: 'no_consent' } },
    );
  }
  const phoneNumber = deps.sealer.open(report.sealedContact);
  await recordAudit(deps, actor.id, AUDIT.reportReveal, reportId);
  return { phoneNumber };
}
