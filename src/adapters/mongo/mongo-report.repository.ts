import { randomUUID } from 'node:crypto';
import { trusted } from 'mongoose';
import type { Connection, QueryFilter } from 'mongoose';
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
import { MongoReportRecords } from './mongo-report-records';
import { isDuplicateKey } from './mongo-errors';
import { REPORT_SORT, buildReportQuery } from './report-query';
import { newReportDoc, reportFromDoc } from './report.model';
import type { ReportDoc } from './report.model';

interface StatGroup {
  _id: { type: StatCell['type']; region: StatCell['region']; period: string };
  count: number;
}

const AFTER_UPDATE = { returnDocument: 'after', runValidators: true } as const;

/** Reports and, through `MongoReportRecords`, the records hanging off them. */
export class MongoReportRepository extends MongoReportRecords implements ReportRepository {
  constructor(conn: Connection) {
    super(conn);
  }

  async create(input: NewReport): Promise<Report> {
    const doc = newReportDoc(randomUUID(), input);
    try {
      await this.reports.create(doc);
      return reportFromDoc(doc);
    } catch (err) {
      // A repeated delivery lands here through the unique index on sourceRef, even when two race. An exact
      // replay also repeats the code, and the server may name either index, so look the sourceRef up first.
      if (isDuplicateKey(err, 'sourceRef') || isDuplicateKey(err, 'code')) {
        const existing = await this.findBySourceRef(input.sourceRef);
        if (existing) return existing;
        if (isDuplicateKey(err, 'code')) throw new ConflictError('report code already in use');
      }
      throw err;
    }
  }

  async findById(id: string): Promise<Report | null> {
    return this.findOne({ _id: id });
  }

  async findByCode(code: string): Promise<Report | null> {
    return this.findOne({ code });
  }

  async findBySourceRef(sourceRef: string): Promise<Report | null> {
    return this.findOne({ sourceRef });
  }

  async codeExists(code: string): Promise<boolean> {
    return (await this.reports.exists({ code })) !== null;
  }

  async list(filter: ReportFilter, page: { limit: number; cursor?: string | null }): Promise<Page<Report>> {
    const limit = pageSize(page.limit);
    const query = buildReportQuery(filter, decodeCursor(page.cursor, reportCursorSchema));
    const docs = await this.reports
      .find(query)
      .sort(REPORT_SORT)
      .limit(limit + 1)
      .lean<ReportDoc[]>();
    const items = docs.slice(0, limit).map(reportFromDoc);
    const last = items.at(-1);
    const nextCursor =
      docs.length > limit && last ? encodeCursor([last.priority, last.createdAt.getTime(), last.id]) : null;
    return { items, nextCursor };
  }

  async updateStatus(
    id: string,
    change: { status: ReportStatus; outcome: CloseOutcome | null; at: Date },
    expectedVersion: number,
  ): Promise<Report> {
    // Read first to keep the first closing date when a closed report is closed again; the version guard
    // on the write still makes a concurrent change lose.
    const current = await this.reports.findById(id).lean<ReportDoc>();
    if (!current) throw new NotFoundError('report');
    if (current.version !== expectedVersion) throw new ConflictError();
    const closedAt = change.status === 'closed' ? (current.closedAt ?? change.at) : null;
    const updated = await this.reports
      .findOneAndUpdate(
        { _id: id, version: expectedVersion },
        {
          $set: { status: change.status, outcome: change.outcome, closedAt, updatedAt: change.at },
          $inc: { version: 1 },
        },
        AFTER_UPDATE,
      )
      .lean<ReportDoc>();
    return this.updated(id, updated);
  }

  async assign(id: string, counsellorId: string | null, expectedVersion: number, at: Date): Promise<Report> {
    const updated = await this.reports
      .findOneAndUpdate(
        { _id: id, version: expectedVersion },
        { $set: { assignedTo: counsellorId, updatedAt: at }, $inc: { version: 1 } },
        AFTER_UPDATE,
      )
      .lean<ReportDoc>();
    return this.updated(id, updated);
  }

  async purgeClosedBefore(closedBefore: Date, at: Date): Promise<number> {
    const purgeable: QueryFilter<ReportDoc> = {
      status: 'closed',
      closedAt: trusted({ $lt: closedBefore }),
      purgedAt: null,
    };
    const ids = (await this.reports.find(purgeable).select({ _id: 1 }).lean<{ _id: string }[]>()).map(
      (d) => d._id,
    );
    if (ids.length === 0) return 0;
    // Text first, then the mark: a crash in between leaves the report unmarked, so the next run redoes it.
    const ofThese = { reportId: trusted({ $in: ids }) };
    await this.notes.updateMany(ofThese, { $set: { text: '' } });
    await this.replies.updateMany(ofThese, { $set: { text: '' } });
    const result = await this.reports.updateMany(
      { ...purgeable, _id: trusted({ $in: ids }) },
      { $set: { description: null, sealedContact: null, purgedAt: at, updatedAt: at }, $inc: { version: 1 } },
    );
    return result.modifiedCount;
  }

  async countByTypeRegionMonth(range: { from?: Date; to?: Date }): Promise<StatCell[]> {
    const groups = await this.countByPeriod(range, '%Y-%m');
    return groups.map((g) => ({
      type: g._id.type,
      region: g._id.region,
      month: g._id.period,
      count: g.count,
    }));
  }

  async countByTypeRegionDay(range: { from?: Date; to?: Date }): Promise<DayStatCell[]> {
    const groups = await this.countByPeriod(range, '%Y-%m-%d');
    return groups.map((g) => ({ type: g._id.type, region: g._id.region, day: g._id.period, count: g.count }));
  }

  /** Counts per type, region and UTC period (`$dateToString` format) of createdAt, within [from, to). */
  private countByPeriod(
    range: { from?: Date; to?: Date },
    format: '%Y-%m' | '%Y-%m-%d',
  ): Promise<StatGroup[]> {
    const createdAt: Record<string, Date> = {};
    if (range.from) createdAt.$gte = range.from;
    if (range.to) createdAt.$lt = range.to;
    return this.reports
      .aggregate<StatGroup>([
        { $match: Object.keys(createdAt).length > 0 ? { createdAt } : {} },
        {
          $group: {
            _id: {
              type: '$type',
              region: { $ifNull: ['$region', 'unknown'] },
              period: { $dateToString: { format, date: '$createdAt', timezone: 'UTC' } },
            },
            count: { $sum: 1 },
          },
        },
        { $sort: { '_id.period': 1, '_id.type': 1, '_id.region': 1 } },
      ])
      .exec();
  }

  private async findOne(filter: QueryFilter<ReportDoc>): Promise<Report | null> {
    const doc = await this.reports.findOne(filter).lean<ReportDoc>();
    return doc ? reportFromDoc(doc) : null;
  }

  /** No document from a version-guarded update means the id is unknown or the version moved on. */
  private async updated(id: string, doc: ReportDoc | null): Promise<Report> {
    if (doc) return reportFromDoc(doc);
    if (!(await this.reports.exists({ _id: id }))) throw new NotFoundError('report');
    throw new ConflictError();
  }
}
