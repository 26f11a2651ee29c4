import type { Express } from 'express';
import { z } from 'zod';
import type { ConsoleDeps } from '../../../console/console-deps';
import { assertAllowed, canReadAudit } from '../../../domain/reports/access-policy';
import { signedIn } from '../console-session.middleware';
import { cursorParam, idParam, parseInput } from '../request-validation';
import { queryOf, renderPage } from './page-context';

const auditPageQuery = z.strictObject({ reportId: idParam.optional(), cursor: cursorParam });

/** The audit log for supervisors and admins, newest first, 50 a page. */
export function registerAuditPage(web: Express, deps: ConsoleDeps): void {
  web.get('/audit', async (req, res) => {
    const { actor } = signedIn(res);
    assertAllowed(canReadAudit(actor), 'Le journal d’audit est réservé aux superviseurs et administrateurs.');
    const q = parseInput(auditPageQuery, queryOf(req), 'query');
    const page = await deps.store.audit.list(q.reportId ? { reportId: q.reportId } : {}, {
      limit: 50,
      cursor: q.cursor ?? null,
    });
    const names = new Map((await deps.store.counsellors.list()).map((c) => [c.id, c.displayName]));
    const next = new URLSearchParams({
      ...(q.reportId ? { reportId: q.reportId } : {}),
      cursor: page.nextCursor ?? '',
    });
    renderPage(res, 'audit', 'Journal d’audit', {
      entries: page.items.map((e) => ({
        at: e.at.toISOString().replace('T', ' ').slice(0, 16),
        actor: e.actorId === null ? 'système' : (names.get(e.actorId) ?? e.actorId),
        action: e.action,
        reportId: e.reportId,
        details: Object.entries(e.details)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(', '),
      })),
      nextHref: page.nextCursor ? `/console/audit?${next.toString()}` : null,
    });
  });
}
