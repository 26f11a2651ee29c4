import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { AuditEntry, AuditRepository } from '../../domain/ports';
import type { Page } from '../../domain/reports/report';
import { auditCursorSchema, decodeCursor, encodeCursor, pageSize } from '../store-cursor';
import { fromMs } from './sqlite-values';

interface AuditRow {
  id: string;
  at: number;
  actor_id: string | null;
  action: string;
  report_id: string | null;
  details: string;
}

const fromRow = (r: AuditRow): AuditEntry => ({
  id: r.id,
  at: fromMs(r.at),
  actorId: r.actor_id,
  action: r.action,
  reportId: r.report_id,
  details: JSON.parse(r.details) as AuditEntry['details'],
});

/** Append-only: there is no update or delete here on purpose. */
export class SqliteAuditRepository implements AuditRepository {
  private readonly insert: Database.Statement<[AuditRow], void>;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare(
      `INSERT INTO audit_log (id, at, actor_id, action, report_id, details)
       VALUES (@id, @at, @actor_id, @action, @report_id, @details)`,
    );
  }

  async append(entry: Omit<AuditEntry, 'id'>): Promise<AuditEntry> {
    const row: AuditRow = {
      id: randomUUID(),
      at: entry.at.getTime(),
      actor_id: entry.actorId,
      action: entry.action,
      report_id: entry.reportId,
      details: JSON.stringify(entry.details),
    };
    this.insert.run(row);
    return Promise.resolve(fromRow(row));
  }

  async list(
    filter: { reportId?: string; actorId?: string; action?: string },
    page: { limit: number; cursor?: string | null },
  ): Promise<Page<AuditEntry>> {
    const limit = pageSize(page.limit);
    const after = decodeCursor(page.cursor, auditCursorSchema);
    const parts: string[] = [];
    const params: (string | number)[] = [];
    const equals = (column: string, value: string | undefined): void => {
      if (value === undefined) return;
      parts.push(`${column} = ?`);
      params.push(value);
    };
    equals('report_id', filter.reportId);
    equals('actor_id', filter.actorId);
    equals('action', filter.action);
    if (after) {
      parts.push('(at < ? OR (at = ? AND id < ?))');
      params.push(after[0], after[0], after[1]);
    }
    const rows = this.db
      .prepare<(string | number)[], AuditRow>(
        `SELECT * FROM audit_log ${parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : ''}
         ORDER BY at DESC, id DESC LIMIT ?`,
      )
      .all(...params, limit + 1);
    const items = rows.slice(0, limit).map(fromRow);
    const last = items.at(-1);
    const nextCursor = rows.length > limit && last ? encodeCursor([last.at.getTime(), last.id]) : null;
    return Promise.resolve({ items, nextCursor });
  }
}
