import { existsSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import type { Express } from 'express';
import type { ConsoleDeps } from '../../../console/console-deps';
import { requireCsrf } from '../csrf.middleware';
import { requireSignedIn } from '../require-role.middleware';
import { registerAuditPage } from './audit.page';
import { registerDirectoryPage } from './directory.page';
import { registerLoginPages, registerLogoutPage } from './login.page';
import { pageContext } from './page-context';
import { registerQueuePage } from './queue.page';
import { registerReportForms } from './report-forms.page';
import { registerReportAudio } from './report-audio.page';
import { registerReportPage } from './report.page';
import { registerStatsPages } from './stats.page';
import { registerStudioPages, registerStudioUpload } from './studio.page';
import { webErrorHandler, webNotFound } from './web-errors';

/** Views and CSS live next to the sources; from a `dist/` build, fall back to the source tree. */
function consoleDir(name: 'views' | 'public'): string {
  const candidates = [
    path.resolve(__dirname, '../../../console', name),
    path.resolve(__dirname, '../../../../../src/console', name),
  ];
  return candidates.find((dir) => existsSync(dir)) ?? (candidates[0] as string);
}

/**
 * `/console`, the web console: server-rendered French pages (EJS). A sub-application so that it has its
 * own view settings whatever the host app's are; the host's trust-proxy setting matters only for the
 * login rate limit, which runs before this app (see console.router.ts).
 */
export function createConsoleWebApp(deps: ConsoleDeps): Express {
  const web = express();
  web.disable('x-powered-by');
  web.set('views', consoleDir('views'));
  web.set('view engine', 'ejs');
  web.use('/static', express.static(consoleDir('public'), { index: false, maxAge: '1h' }));
  web.use(express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 50 }));
  web.use(pageContext);
  registerLoginPages(web, deps);
  registerStudioUpload(web, deps);
  web.use(requireSignedIn('html'), requireCsrf('form'));
  registerLogoutPage(web, deps);
  registerQueuePage(web, deps);
  registerReportPage(web, deps);
  registerReportForms(web, deps);
  registerStatsPages(web, deps);
  registerDirectoryPage(web, deps);
  registerAuditPage(web, deps);
  registerStudioPages(web, deps);
  registerReportAudio(web, deps);
  web.use(webNotFound);
  web.use(webErrorHandler(deps.logger));
  return web;
}
