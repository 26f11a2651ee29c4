/**
 * The console's list and statistics queries, shared by the JSON API (console-api) and the server-rendered
 * pages (console-web), which validate the same parameters the same way.
 */
import { z } from 'zod';
import type { StatisticsRange } from '../../console/services/statistics.service';
import type { ReportFilter } from '../../domain/reports/report';
import { REGIONS, REPORT_STATUSES, REPORT_TYPES } from '../../domain/reports/report';
import { wholeDayRange } from '../../domain/reports/statistics-range';
import { cursorParam, dateParam, idParam, limitParam, listParam, parseInput } from './request-validation';

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

/** Whole days in Bamako time, never a time of day: ranges a moment apart would single out one report. */
const dayParam = z.iso.date({ error: 'une date entière, AAAA-MM-JJ (jour de Bamako)' });
export const statsQuery = z.strictObject({ from: dayParam.optional(), to: dayParam.optional() });

/** The range of a statistics request (query string), or a 400 naming what is wrong. */
export function statsRangeOf(query: unknown): StatisticsRange {
  return wholeDayRange(parseInput(statsQuery, query, 'query'));
}
