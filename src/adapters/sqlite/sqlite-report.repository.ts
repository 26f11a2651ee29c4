import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { ConflictError, NotFoundError } from '../../domain/errors';
import type { ReportRepository } from '../../domain/ports';
import type {
  CloseOutcome,
  DayStatCell,
  NewReport,
  Page,
  Report,
  ReportFilter,
  ReportStatus,
  StatCell,
} from '../../domain/reports/report';
import { decodeCursor, encodeCursor, pageSize, reportCursorSchema } from '../store-cursor';
import { buildReportWhere } from './sqlite-report-query';
import type { SqlParam } from './sqlite-report-query';
import { SqliteReportRecords } from './sqlite-report-records';
import { REPORT_COLUMNS, newReportRow, reportFromRow } from './sqlite-report.row';
import type { ReportRow } from './sqlite-report.row';
import { isUniqueViolation } from './sqlite-values';

/** Closed, past the retention limit and not yet purged. */
const PURGEABLE = "status = 'closed' AND closed_at IS NOT NULL AND closed_at < @before AND purged_at IS NULL";

/** Reports and, through `SqliteReportRecords`, the records hanging off them. */
export class SqliteReportRepository extends SqliteReportRecords implements ReportRepository {
  private readonly insert: Database.Statement<[ReportRow], void>;
  private readonly byId: Database.Statement<[string], ReportRow>;
  private readonly byCode: Database.Statement<[string], ReportRow>;
  private readonly bySourceRef: Database.Statement<[string], ReportRow>;
  private readonly setStatus: Database.Statement<
    [{ id: string; status: string; outcome: string | null; at: number; expected: number }],
    ReportRow
  >;
  private readonly setAssignee: Database.Statement<
    [{ id: string; assignee: string | null; at: number; expected: number }],
    ReportRow
  >;
  private readonly purge: Database.Transaction<(before: number, at: number) => number>;

  constructor(private readonly db: Database.Database) {
    super(db);
    this.insert = db.prepare(
      `INSERT INTO reports (${REPORT_COLUMNS.join(', ')})
       VALUES (${REPORT_COLUMNS.map((c) => `@${c}`).join(', ')})
       ON CONFLICT (source_ref) DO NOTHING`,
    );
    this.byId = db.prepare('SELECT * FROM reports WHERE id = ?');
    this.byCode = db.prepare('SELECT * FROM reports WHERE code = ?');
    this.bySourceRef = db.prepare('SELECT * FROM reports WHERE source_ref = ?');
    this.setStatus = db.prepare(
      `UPDATE reports SET status = @status, outcome = @outcome,
         closed_at = CASE WHEN @status = 'closed' THEN COALESCE(closed_at, @at) ELSE NULL END,
         updated_at = @at, version = version + 1
       WHERE id = @id AND version = @expected RETURNING *`,
    );
    this.setAssignee = db.prepare(
      `UPDATE reports SET assigned_to = @assignee, updated_at = @at, version = version + 1
       WHERE id = @id AND version = @expected RETURNING *`,
    );
    const purgeNotes = db.prepare<{ before: number }, void>(
      `UPDATE report_notes SET text = '' WHERE report_id IN (SELECT id FROM reports WHERE ${PURGEABLE})`,
    );
    const purgeReplies = db.prepare<{ before: number }, void>(
      `UPDATE report_replies SET text = '' WHERE report_id IN (SELECT id FROM reports WHERE ${PURGEABLE})`,
    );
    const purgeReports = db.prepare<{ before: number; at: number }, void>(
      `UPDATE reports SET description = NULL, sealed_contact = NULL, purged_at = @at, updated_at = @at,
         version = version + 1
       WHERE ${PURGEABLE}`,
    );
    this.purge = db.transaction((before: number, at: number): number => {
      purgeNotes.run({ before });
      purgeReplies.run({ before });
      return purgeReports.run({ before, at }).changes;
    });
  }

  async create(input: NewReport): Promise<Report> {
    try {
      this.insert.run(newReportRow(randomUUID(), input));
    } catch (err) {
      if (!isUniqueViolation(err, 'reports.code')) throw err;
    }
    // Either the row just inserted or the one an earlier delivery of the same sourceRef created; if neither,
    // the code clashed with another report's.
    const stored = this.bySourceRef.get(input.sourceRef);
    if (!stored) throw new ConflictError('report code already in use');
    return Promise.resolve(reportFromRow(stored));
  }

  async findById(id: string): Promise<Report | null> {
    return Promise.resolve(mapOrNull(this.byId.get(id)));
  }

  async findByCode(code: string): Promise<Report | null> {
    return Promise.resolve(mapOrNull(this.byCode.get(code)));
  }

  async findBySourceRef(sourceRef: string): Promise<Report | null> {
    return Promise.resolve(mapOrNull(this.bySourceRef.get(sourceRef)));
  }

  async codeExists(code: string): Promise<boolean> {
    return Promise.resolve(this.byCode.get(code) !== undefined);
  }

  async list(filter: ReportFilter, page: { limit: number; cursor?: string | null }): Promise<Page<Report>> {
    const limit = pageSize(page.limit);
    const where = buildReportWhere(filter, decodeCursor(page.cursor, reportCursorSchema));
    const rows = this.db
      .prepare<SqlParam[], ReportRow>(
        `SELECT * FROM reports WHERE ${where.sql}
         ORDER BY priority DESC, created_at ASC, id ASC LIMIT ?`,
      )
      .all(...where.params, limit + 1);
    const items = rows.slice(0, limit).map(reportFromRow);
    const last = items.at(-1);
    const nextCursor =
      rows.length > limit && last ? encodeCursor([last.priority, last.createdAt.getTime(), last.id]) : null;
    return Promise.resolve({ items, nextCursor });
  }

  async updateStatus(
    id: string,
    change: { status: ReportStatus; outcome: CloseOutcome | null; at: Date },
    expectedVersion: number,
  ): Promise<Report> {
    const row = this.setStatus.get({
      id,
      status: change.status,
      outcome: change.outcome,
      at: change.at.getTime(),
      expected: expectedVersion,
    });
    return Promise.resolve(this.updated(id, row));
  }

  async assign(id: string, counsellorId: string | null, expectedVersion: number, at: Date): Promise<Report> {
    const row = this.setAssignee.get({
      id,
      assignee: counsellorId,
      at: at.getTime(),
      expected: expectedVersion,
    });
    return Promise.resolve(this.updated(id, row));
  }

  async purgeClosedBefore(closedBefore: Date, at: Date): Promise<number> {
    const purged = this.purge.immediate(closedBefore.getTime(), at.getTime());
    // The WAL still holds page images with the old text: fold it into the file (where secure_delete has
    // zeroed it) and truncate it. Best effort: a long reader elsewhere only delays this to the next run.
    if (purged > 0) this.db.pragma('wal_checkpoint(TRUNCATE)');
    return Promise.resolve(purged);
  }

  async countByTypeRegionMonth(range: { from?: Date; to?: Date }): Promise<StatCell[]> {
    const rows = this.countByPeriod(range, '%Y-%m');
    return Promise.resolve(rows.map(({ period, ...r }) => ({ ...r, month: period })));
  }

  async countByTypeRegionDay(range: { from?: Date; to?: Date }): Promise<DayStatCell[]> {
    const rows = this.countByPeriod(range, '%Y-%m-%d');
    return Promise.resolve(rows.map(({ period, ...r }) => ({ ...r, day: period })));
  }

  /** Counts per type, region and UTC period (`strftime` format) of created_at, within [from, to). */
  private countByPeriod(
    range: { from?: Date; to?: Date },
    format: '%Y-%m' | '%Y-%m-%d',
  ): (Omit<StatCell, 'month'> & { period: string })[] {
    const conditions: string[] = [];
    const params: number[] = [];
    if (range.from) {
      conditions.push('created_at >= ?');
      params.push(range.from.getTime());
    }
    if (range.to) {
      conditions.push('created_at < ?');
      params.push(range.to.getTime());
    }
    return this.db
      .prepare<(number | string)[], Omit<StatCell, 'month'> & { period: string }>(
        `SELECT type, COALESCE(region, 'unknown') AS region,
           strftime(?, created_at / 1000, 'unixepoch') AS period, COUNT(*) AS count
         FROM reports ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
         GROUP BY 1, 2, 3 ORDER BY period, type, region`,
      )
      .all(format, ...params);
  }

  /** No row from a guarded UPDATE means the id is unknown or the version moved on. */
  private updated(id: string, row: ReportRow | undefined): Report {
    if (row) return reportFromRow(row);
    if (!this.byId.get(id)) throw new NotFoundError('report');
    throw new ConflictError();
  }
}

function mapOrNull(row: ReportRow | undefined): Report | null {
  return row ? reportFromRow(row) : null;
}
