import { trusted } from 'mongoose';
import type { QueryFilter } from 'mongoose';
import type { ReportFilter } from '../../domain/reports/report';
import type { ReportCursor } from '../store-cursor';
import type { ReportDoc } from './report.model';

/** The counsellors' queue order; the keyset condition below must follow it exactly. */
export const REPORT_SORT = { priority: -1, createdAt: 1, _id: 1 } as const;

/**
 * The filter for one page of the queue. The connection sanitises filters (any `$` object coming from input
 * becomes a literal `$eq` and fails to cast), so the operators built here are marked `trusted`; their
 * values are still cast by the schema, so an object smuggled into a value is refused.
 * An empty list in the filter means "no constraint" on that field.
 */
export function buildReportQuery(filter: ReportFilter, after: ReportCursor | null): QueryFilter<ReportDoc> {
  const clauses: QueryFilter<ReportDoc>[] = [];
  const anyOf = (field: string, values: readonly unknown[] | undefined): void => {
    if (values && values.length > 0) clauses.push({ [field]: trusted({ $in: [...values] }) });
  };
  anyOf('status', filter.status);
  anyOf('type', filter.type);
  anyOf('region', filter.region);
  anyOf('priority', filter.priority);
  if (filter.from || filter.to) {
    clauses.push({
      createdAt: trusted({
        ...(filter.from ? { $gte: filter.from } : {}),
        ...(filter.to ? { $lt: filter.to } : {}),
      }),
    });
  }
  if (filter.assignedTo !== undefined) clauses.push({ assignedTo: filter.assignedTo });
  if (filter.visibleTo !== undefined) {
    clauses.push({ $or: [{ assignedTo: null }, { assignedTo: filter.visibleTo }] });
  }
  if (after) {
    const [priority, createdAtMs, id] = after;
    const createdAt = new Date(createdAtMs);
    clauses.push({
      $or: [
        { priority: trusted({ $lt: priority }) },
        { priority, createdAt: trusted({ $gt: createdAt }) },
        { priority, createdAt, _id: trusted({ $gt: id }) },
      ],
    });
  }
  if (clauses.length === 0) return {};
  if (clauses.length === 1) return clauses[0]!;
  return { $and: clauses };
}
