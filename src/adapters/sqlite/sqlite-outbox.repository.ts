import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { OUTBOX_CLAIM_LEASE_MS, type OutboxMessage, type OutboxRepository } from '../../domain/ports';
import { pageSize } from '../store-cursor';
import { fromMs, fromMsOrNull } from './sqlite-values';

interface OutboxRow {
  id: string;
  dedupe_key: string;
  caller_key: string;
  sealed_to: string;
  text: string;
  not_before: number;
  created_at: number;
  claimed_at: number | null;
  claimed_by: string | null;
}

const fromRow = (r: OutboxRow): OutboxMessage => ({
  id: r.id,
  dedupeKey: r.dedupe_key,
  callerKey: r.caller_key,
  sealedTo: r.sealed_to,
  text: r.text,
  notBefore: fromMs(r.not_before),
  createdAt: fromMs(r.created_at),
  claimedAt: fromMsOrNull(r.claimed_at),
  claimedBy: r.claimed_by,
});

const byDueTime = (a: OutboxMessage, b: OutboxMessage): number =>
  a.notBefore.getTime() - b.notBefore.getTime() || a.createdAt.getTime() - b.createdAt.getTime();

export class SqliteOutboxRepository implements OutboxRepository {
  private readonly insert: Database.Statement<[OutboxRow], void>;
  private readonly byDedupeKey: Database.Statement<[string], OutboxRow>;
  private readonly claimRows: Database.Transaction<
    (worker: string, now: number, limit: number) => OutboxRow[]
  >;
  private readonly deleteRow: Database.Statement<[string], void>;
  private readonly releaseRow: Database.Statement<{ id: string; not_before: number }, void>;
  private readonly deleteByKey: Database.Statement<[string], void>;
  private readonly pending: Database.Statement<[], number>;

  constructor(db: Database.Database) {
    this.insert = db.prepare(
      `INSERT INTO outbox (id, dedupe_key, caller_key, sealed_to, text, not_before, created_at, claimed_at, claimed_by)
       VALUES (@id, @dedupe_key, @caller_key, @sealed_to, @text, @not_before, @created_at, @claimed_at, @claimed_by)
       ON CONFLICT (dedupe_key) DO NOTHING`,
    );
    this.byDedupeKey = db.prepare('SELECT * FROM outbox WHERE dedupe_key = ?');
    // One guarded UPDATE inside an IMMEDIATE transaction: another process waits for the write lock and
    // then sees these rows as claimed, so no message goes to two workers.
    const claim = db.prepare<{ worker: string; now: number; stale: number; limit: number }, OutboxRow>(
      `UPDATE outbox SET claimed_at = @now, claimed_by = @worker
       WHERE (claimed_at IS NULL OR claimed_at < @stale) AND id IN (
         SELECT id FROM outbox WHERE (claimed_at IS NULL OR claimed_at < @stale) AND not_before <= @now
         ORDER BY not_before, created_at LIMIT @limit)
       RETURNING *`,
    );
    const tx = db.transaction((worker: string, now: number, limit: number) =>
      claim.all({ worker, now, stale: now - OUTBOX_CLAIM_LEASE_MS, limit }),
    );
    this.claimRows = tx;
    this.deleteRow = db.prepare('DELETE FROM outbox WHERE id = ?');
    this.releaseRow = db.prepare(
      'UPDATE outbox SET not_before = @not_before, claimed_at = NULL, claimed_by = NULL WHERE id = @id',
    );
    this.deleteByKey = db.prepare('DELETE FROM outbox WHERE dedupe_key = ?');
    this.pending = db.prepare<[], number>('SELECT COUNT(*) FROM outbox').pluck();
  }

  async enqueue(m: Omit<OutboxMessage, 'id' | 'claimedAt' | 'claimedBy'>): Promise<OutboxMessage> {
    this.insert.run({
      id: randomUUID(),
      dedupe_key: m.dedupeKey,
      caller_key: m.callerKey,
      sealed_to: m.sealedTo,
      text: m.text,
      not_before: m.notBefore.getTime(),
      created_at: m.createdAt.getTime(),
      claimed_at: null,
      claimed_by: null,
    });
    const row = this.byDedupeKey.get(m.dedupeKey);
    if (!row) throw new Error('outbox row vanished after insert');
    return Promise.resolve(fromRow(row));
  }

  async claim(worker: string, now: Date, limit: number): Promise<OutboxMessage[]> {
    if (!(limit >= 1)) return Promise.resolve([]);
    const rows = this.claimRows.immediate(worker, now.getTime(), pageSize(limit));
    return Promise.resolve(rows.map(fromRow).sort(byDueTime));
  }

  async release(id: string, notBefore: Date): Promise<void> {
    this.releaseRow.run({ id, not_before: notBefore.getTime() });
    return Promise.resolve();
  }

  async remove(id: string): Promise<void> {
    this.deleteRow.run(id);
    return Promise.resolve();
  }

  async removeByDedupeKey(dedupeKey: string): Promise<void> {
    this.deleteByKey.run(dedupeKey);
    return Promise.resolve();
  }

  /** Every message still in the outbox, claimed or not: none of them is known to be on the queue yet. */
  async countPending(): Promise<number> {
    return Promise.resolve(this.pending.get() ?? 0);
  }
}
