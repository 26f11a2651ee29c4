import type { ReportFilter } from '../../domain/reports/report';
import type { ReportCursor } from '../store-cursor';

export type SqlParam = string | number | null;

export interface WhereClause {
  sql: string;
  params: SqlParam[];
}

/**
 * The WHERE clause of the counsellors' queue: the filter, then the keyset condition "after the cursor"
 * in the order priority DESC, created_at ASC, id ASC (no OFFSET, so deep pages stay cheap).
 * An empty list in the filter means "no constraint" on that field.
 */
export function buildReportWhere(filter: ReportFilter, after: ReportCursor | null): WhereClause {
  const parts: string[] = [];
  const params: SqlParam[] = [];
  const anyOf = (column: string, values: readonly SqlParam[] | undefined): void => {
    if (!values || values.length === 0) return;
    parts.push(`${column} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  anyOf('status', filter.status);
  anyOf('type', filter.type);
  anyOf('region', filter.region);
  anyOf('priority', filter.priority);
  if (filter.from) {
    parts.push('created_at >= ?');
    params.push(filter.from.getTime());
  }
  if (filter.to) {
    parts.push('created_at < ?');
    params.push(filter.to.getTime());
  }
  if (filter.assignedTo === null) {
    parts.push('assigned_to IS NULL');
  } else if (filter.assignedTo !== undefined) {
    parts.push('assigned_to = ?');
    params.push(filter.assignedTo);
  }
  if (filter.visibleTo !== undefined) {
    parts.push('(assigned_to IS NULL OR assigned_to = ?)');
    params.push(filter.visibleTo);
  }
  if (after) {
    const [priority, createdAt, id] = after;
    parts.push('(priority < ? OR (priority = ? AND (created_at > ? OR (created_at = ? AND id > ?))))');
    params.push(priority, priority, createdAt, createdAt, id);
  }
  return { sql: parts.length === 0 ? '1 = 1' : parts.join(' AND '), params };
}
