import type { Express } from 'express';
import type { ConsoleDeps } from '../../../console/console-deps';
import { AUDIT, recordAudit } from '../../../console/services/audit-trail';
import { findReport } from '../../../console/services/report-access';
import { assertAllowed, canViewReport } from '../../../domain/reports/access-policy';
import { AppError } from '../../../domain/errors';
import { signedIn } from '../console-session.middleware';
import { idParam, parseInput } from '../request-validation';

/**
 * A voice report's spoken description, to a counsellor allowed to read the report: opened from its seal
 * per request, never cached (the console router sets no-store), and audited.
 */
export function registerReportAudio(web: Express, deps: ConsoleDeps): void {
  web.get('/reports/:id/audio', async (req, res) => {
    const id = parseInput(idParam, req.params.id, 'params');
    const { actor } = signedIn(res);
    const report = await findReport(deps.store, id);
    assertAllowed(canViewReport(actor, report), 'Ce signalement est suivi par un autre conseiller.');
    const found = deps.reportAudio ? await deps.reportAudio.get(report.sourceRef) : null;
    if (!found || report.purgedAt) throw new AppError('Aucun enregistrement.', { code: 'not_found' });
    await recordAudit(deps, actor.id, AUDIT.reportAudio, report.id);
    res.set('Cache-Control', 'no-store');
    res.type(found.contentType).send(found.audio);
  });
}
