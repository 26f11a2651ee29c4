import type { Router } from 'express';
import { z } from 'zod';
import type { ConsoleDeps } from '../../../console/console-deps';
import {
  toMessageView,
  toReferralView,
  toReportView,
  toTakedownView,
} from '../../../console/report-view.presenter';
import {
  assignReport,
  changeStatus,
  listReports,
  viewReport,
} from '../../../console/services/report-workflow.service';
import type { ReportFilter } from '../../../domain/reports/report';
import { CLOSE_OUTCOMES, REGIONS, REPORT_STATUSES, REPORT_TYPES } from '../../../domain/reports/report';
import { allowedNextStatuses } from '../../../domain/reports/status-transitions';
import { signedIn } from '../console-session.middleware';
import { cursorParam, dateParam, idParam, limitParam, listParam, parseInput } from '../request-validation';

export const listQuery = z.strictObject({
  status: listParam(z.enum(REPORT_STATUSES)),
  type: listParam(z.enum(REPORT_TYPES)),
  region: listParam(z.enum(REGIONS)),
  priority: listParam(z.enum(['1', '2', '3']).transform((p) => Number(p) as 1 | 2 | 3)),
  /** `me`, `none` (unassigned) or an account id. */
  assignedTo: z.union([z.literal('me'), z.literal('none'), idParam]).optional(),
  from: dateParam.optional(),
  to: dateParam.optional(),
  limit: limitParam,
  cursor: cursorParam,
});
export type ListQuery = z.output<typeof listQuery>;

/** The store filter for a validated list query, `me` resolved to the signed-in account. */
export function toReportFilter(q: ListQuery, actorId: string): Omit<ReportFilter, 'visibleTo'> {
  const filter: Omit<ReportFilter, 'visibleTo'> = {};
  if (q.status) filter.status = q.status;
  if (q.type) filter.type = q.type;
  if (q.region) filter.region = q.region;
  if (q.priority) filter.priority = q.priority;
  if (q.from) filter.from = q.from;
  if (q.to) filter.to = q.to;
  if (q.assignedTo !== undefined) {
    filter.assignedTo = q.assignedTo === 'none' ? null : q.assignedTo === 'me' ? actorId : q.assignedTo;
  }
  return filter;
}

const reportParams = z.strictObject({ id: idParam });

export const statusBody = z.strictObject({
  status: z.enum(REPORT_STATUSES),
  outcome: z.enum(CLOSE_OUTCOMES).nullable().optional(),
  version: z.number().int().min(0),
});

export const assignmentBody = z.strictObject({
  counsellorId: idParam.nullable(),
  version: z.number().int().min(0),
});

/** The queue, a report's file, its status and its assignment. */
export function registerReportRoutes(api: Router, deps: ConsoleDeps): void {
  api.get('/reports', async (req, res) => {
    const { actor } = signedIn(res);
    const q = parseInput(listQuery, req.query, 'query');
    const page = await listReports(deps, actor, toReportFilter(q, actor.id), {
      limit: q.limit,
      cursor: q.cursor ?? null,
    });
    res.json({ items: page.items.map(toReportView), nextCursor: page.nextCursor });
  });

  api.get('/reports/:id', async (req, res) => {
    const { actor } = signedIn(res);
    const { id } = parseInput(reportParams, req.params, 'params');
    const d = await viewReport(deps, actor, id);
    res.json({
      report: toReportView(d.report),
      notes: d.notes.map(toMessageView),
      replies: d.replies.map(toMessageView),
      referrals: d.referrals.map(toReferralView),
      takedowns: d.takedowns.map(toTakedownView),
      allowedTransitions: allowedNextStatuses(d.report.status, actor.role),
    });
  });

  api.post('/reports/:id/status', async (req, res) => {
    const { actor } = signedIn(res);
    const { id } = parseInput(reportParams, req.params, 'params');
    const body = parseInput(statusBody, req.body, 'body');
    const report = await changeStatus(deps, actor, id, { ...body, outcome: body.outcome ?? null });
    res.json({ report: toReportView(report) });
  });

  api.post('/reports/:id/assignment', async (req, res) => {
    const { actor } = signedIn(res);
    const { id } = parseInput(reportParams, req.params, 'params');
    const body = parseInput(assignmentBody, req.body, 'body');
    const report = await assignReport(deps, actor, id, body);
    res.json({ report: toReportView(report) });
  });
}
