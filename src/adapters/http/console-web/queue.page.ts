import type { Express } from 'express';
import type { ConsoleDeps } from '../../../console/console-deps';
import { toReportView } from '../../../console/report-view.presenter';
import { listReports } from '../../../console/services/report-workflow.service';
import { REGIONS, REPORT_STATUSES, REPORT_TYPES } from '../../../domain/reports/report';
import type { ReportStatus } from '../../../domain/reports/report';
import { listQuery, toReportFilter } from '../console-queries';
import { signedIn } from '../console-session.middleware';
import { parseInput } from '../request-validation';
import { queryOf, renderPage } from './page-context';

const OPEN: ReportStatus[] = ['new', 'in_review', 'waiting_reporter', 'referred'];

/** The queue: most urgent first, then oldest; open reports unless a status is chosen. */
export function registerQueuePage(web: Express, deps: ConsoleDeps): void {
  web.get('/', (_req, res) => res.redirect(303, '/console/reports'));

  web.get('/reports', async (req, res) => {
    const { actor } = signedIn(res);
    const q = parseInput(listQuery, queryOf(req), 'query');
    const filter = toReportFilter(q, actor.id);
    const page = await listReports(
      deps,
      actor,
      { ...filter, status: filter.status ?? OPEN },
      { limit: q.limit, cursor: q.cursor ?? null },
    );
    const names = new Map((await deps.store.counsellors.list()).map((c) => [c.id, c.displayName]));
    const nextParams = new URLSearchParams(
      Object.entries({ ...queryOf(req), cursor: page.nextCursor ?? '' }).flatMap(
        ([k, v]): [string, string][] => (typeof v === 'string' ? [[k, v]] : []),
      ),
    );
    renderPage(res, 'queue', 'File des signalements', {
      reports: page.items.map(toReportView),
      assigneeName: (id: string | null) => (id === null ? null : (names.get(id) ?? 'compte inconnu')),
      nextHref: page.nextCursor ? `/console/reports?${nextParams.toString()}` : null,
      filters: {
        status: q.status?.[0] ?? '',
        type: q.type?.[0] ?? '',
        region: q.region?.[0] ?? '',
        priority: q.priority?.[0] ?? '',
        assignedTo: q.assignedTo ?? '',
      },
      options: { statuses: REPORT_STATUSES, types: REPORT_TYPES, regions: REGIONS },
    });
  });
}
