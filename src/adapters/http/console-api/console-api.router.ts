import express from 'express';
import type { RequestHandler, Router } from 'express';
import type { ConsoleDeps } from '../../../console/console-deps';
import { errorHandler, notFound } from '../error-handler';
import { requireCsrf } from '../csrf.middleware';
import { requireSignedIn } from '../require-role.middleware';
import { registerAuditRoutes } from './audit.route';
import { registerAuthRoutes } from './auth.route';
import { registerDirectoryRoutes } from './directory.route';
import { registerOpenApiRoute } from './openapi.route';
import { registerReportFollowupRoutes } from './report-followups.route';
import { registerReportMessageRoutes } from './report-messages.route';
import { registerReportRoutes } from './reports.route';
import { registerStatsRoutes } from './stats.route';
import { registerUserRoutes } from './users.route';

/**
 * `/api/v1`: every route is declared on this one router (no nested prefixes) so the OpenAPI test can read
 * the full list from its stack. Everything after the auth routes needs a session and, for writes, the
 * CSRF header. Errors end here as `{error:{code,message}}`.
 */
export function createConsoleApiRouter(deps: ConsoleDeps, loginLimit: RequestHandler): Router {
  const api = express.Router();
  api.use(express.json({ limit: '16kb' }));
  registerOpenApiRoute(api);
  registerAuthRoutes(api, deps, loginLimit);
  api.use(requireSignedIn('api'), requireCsrf('header'));
  registerReportRoutes(api, deps);
  registerReportMessageRoutes(api, deps);
  registerReportFollowupRoutes(api, deps);
  registerDirectoryRoutes(api, deps);
  registerAuditRoutes(api, deps);
  registerStatsRoutes(api, deps);
  registerUserRoutes(api, deps);
  api.use(notFound);
  api.use(errorHandler(deps.logger));
  return api;
}
