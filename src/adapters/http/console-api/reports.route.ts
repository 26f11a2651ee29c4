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
import { CLOSE_OUTCOMES, REPORT_STATUSES } from '../../../domain/reports/report';
import { allowedNextStatuses } from '../../../domain/reports/status-transitions';
import { listQuery, toReportFilter } from '../console-queries';
import { signedIn } from '../console-session.middleware';
import { idParam, parseInput } from '../request-validation';

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
