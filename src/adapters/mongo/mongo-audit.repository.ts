import { randomUUID } from 'node:crypto';
import { trusted } from 'mongoose';
import type { Connection, Model, QueryFilter } from 'mongoose';
import type { AuditEntry, AuditRepository } from '../../domain/ports';
import type { Page } from '../../domain/reports/report';
import { auditCursorSchema, decodeCursor, encodeCursor, pageSize } from '../store-cursor';
import { auditFromDoc, auditModel } from './audit.model';
import type { AuditDoc } from './audit.model';

/** Append-only: there is no update or delete here on purpose. */
export class MongoAuditRepository implements AuditRepository {
  private readonly model: Model<AuditDoc>;

  constructor(conn: Connection) {
    this.model = auditModel(conn);
  }

  async append(entry: Omit<AuditEntry, 'id'>): Promise<AuditEntry> {
    const doc: AuditDoc = { ...entry, details: { ...entry.details }, _id: randomUUID() };
    await this.model.create(doc);
    return auditFromDoc(doc);
  }

  async list(
    filter: { reportId?: string; actorId?: string; action?: string },
    page: { limit: number; cursor?: string | null },
  ): Promise<Page<AuditEntry>> {
    const limit = pageSize(page.limit);
    const after = decodeCursor(page.cursor, auditCursorSchema);
    const query: QueryFilter<AuditDoc> = {};
    if (filter.reportId !== undefined) query.reportId = filter.reportId;
    if (filter.actorId !== undefined) query.actorId = filter.actorId;
    if (filter.action !== undefined) query.action = filter.action;
    if (after) {
      const at = new Date(after[0]);
      query.$or = [{ at: trusted({ $lt: at }) }, { at, _id: trusted({ $lt: after[1] }) }];
    }
    const docs = await this.model
      .find(query)
      .sort({ at: -1, _id: -1 })
      .limit(limit + 1)
      .lean<AuditDoc[]>();
    const items = docs.slice(0, limit).map(auditFromDoc);
    const last = items.at(-1);
    return {
      items,
      nextCursor: docs.length > limit && last ? encodeCursor([last.at.getTime(), last.id]) : null,
    };
  }
}
