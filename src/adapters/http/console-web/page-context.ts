import type { Request, RequestHandler, Response } from 'express';
import { LABELS_FR } from '../../../console/labels-fr';
import {
  canExport,
  canManageAccounts,
  canReadAudit,
  canReadStatistics,
} from '../../../domain/reports/access-policy';
import { consoleAuthOf } from '../console-session.middleware';
import { CSRF_FIELD } from '../csrf.middleware';

/**
 * Locals every console page can use: labels, the signed-in account, its CSRF token and what the
 * navigation may offer. Views print user data only through escaped `<%= %>`.
 */
export const pageContext: RequestHandler = (req, res, next) => {
  const auth = consoleAuthOf(res);
  res.locals.labels = LABELS_FR;
  res.locals.csrfField = CSRF_FIELD;
  res.locals.path = req.path;
  res.locals.me = auth
    ? { id: auth.counsellor.id, displayName: auth.counsellor.displayName, role: auth.actor.role }
    : null;
  res.locals.csrfToken = auth?.session.csrfToken ?? '';
  res.locals.nav = auth
    ? {
        stats: canReadStatistics(auth.actor),
        audit: canReadAudit(auth.actor),
        // The voice studio is for the same oversight roles as the audit log.
        studio: canReadAudit(auth.actor),
        exportCsv: canExport(auth.actor),
        users: canManageAccounts(auth.actor),
      }
    : null;
  next();
};

/** Renders a view; `title` is the page's <title> and <h1>. */
export function renderPage(
  res: Response,
  view: string,
  title: string,
  locals: Record<string, unknown> = {},
): void {
  res.render(view, { title, notice: null, error: null, ...locals });
}

/** A same-site path to go back to after login, or the queue: never an absolute or protocol-relative URL. */
export function safeNext(value: unknown): string {
  if (typeof value !== 'string') return '/console/reports';
  const ok = /^\/(?!\/)[A-Za-z0-9/_\-.?=&%]*$/.test(value) && !value.includes('\\');
  return ok && value.length < 300 ? value : '/console/reports';
}

/** Form bodies send "" for a left-blank field or an "all" choice: treat those as absent. */
export function withoutBlanks(input: unknown): Record<string, unknown> {
  if (!input || typeof input !== 'object') return {};
  return Object.fromEntries(
    Object.entries(input as Record<string, unknown>).filter(([, v]) => v !== '' && v !== undefined),
  );
}

export const queryOf = (req: Request): Record<string, unknown> => withoutBlanks(req.query);
