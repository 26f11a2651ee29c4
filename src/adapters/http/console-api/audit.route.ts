import type { Router } from 'express';
import { z } from 'zod';
import type { ConsoleDeps } from '../../../console/console-deps';
import { assertAllowed, canReadAudit } from '../../../domain/reports/access-policy';
import { signedIn } from '../console-session.middleware';
import { cursorParam, idParam, limitParam, parseInput } from '../request-validation';

export const auditQuery = z.strictObject({
  reportId: idParam.optional(),
  actorId: idParam.optional(),
  action: z
    .string()
    .regex(/^[a-z_]+\.[a-z_]+$/)
    .optional(),
  limit: limitParam,
  cursor: cursorParam,
});

/** The audit log, newest first (supervisors and admins). */
export function registerAuditRoutes(api: Router, deps: ConsoleDeps): void {
  api.get('/audit', async (req, res) => {
    const { actor } = signedIn(res);
    assertAllowed(canReadAudit(actor), 'Le journal d’audit est réservé aux superviseurs et administrateurs.');
    const { limit, cursor, ...filter } = parseInput(auditQuery, req.query, 'query');
    const defined = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined));
    const page = await deps.store.audit.list(defined, { limit, cursor: cursor ?? null });
    res.json({
      items: page.items.map((e) => ({ ...e, at: e.at.toISOString() })),
      nextCursor: page.nextCursor,
    });
  });
}
