import type Database from 'better-sqlite3';
import { INBOX_CLAIM_LEASE_MS, type InboxMessage, type InboxRepository } from '../../domain/inbox';
import { pageSize } from '../store-cursor';
import { fromMs, fromMsOrNull } from './sqlite-values';

interface InboxRow {
  key: string;
  channel: string;
  message_id: string;
  caller_key: string;
  sealed_from: string;
  text: string;
  received_at: number;
  claimed_at: number | null;
  claimed_by: string | null;
}

const fromRow = (r: InboxRow): InboxMessage => ({
  key: r.key,
  channel: r.channel,
  messageId: r.message_id,
  callerKey: r.caller_key,
  sealedFrom: r.sealed_from,
  text: r.text,
  receivedAt: fromMs(r.received_at),
  claimedAt: fromMsOrNull(r.claimed_at),
  claimedBy: r.claimed_by,
});

export class SqliteInboxRepository implements InboxRepository {
  private readonly insert: Database.Statement<InboxRow, void>;
  private readonly claimRows: Database.Transaction<
    (worker: string, now: number, limit: number) => InboxRow[]
  >;
  private readonly releaseRow: Database.Statement<[string], void>;
  private readonly deleteRow: Database.Statement<[string], void>;
  private readonly pending: Database.Statement<[], number>;

  constructor(db: Database.Database) {
    this.insert = db.prepare(
      `INSERT INTO inbox (key, channel, message_id, caller_key, sealed_from, text, received_at, claimed_at, claimed_by)
       VALUES (@key, @channel, @message_id, @caller_key, @sealed_from, @text, @received_at, @claimed_at, @claimed_by)
       ON CONFLICT (key) DO NOTHING`,
    );
    // One guarded UPDATE in an IMMEDIATE transaction, as the outbox: no message goes to two drainers.
    const claim = db.prepare<{ worker: string; now: number; stale: number; limit: number }, InboxRow>(
      `UPDATE inbox SET claimed_at = @now, claimed_by = @worker
       WHERE (claimed_at IS NULL OR claimed_at < @stale) AND key IN (
         SELECT key FROM inbox WHERE claimed_at IS NULL OR claimed_at < @stale
         ORDER BY received_at LIMIT @limit)
       RETURNING *`,
    );
    this.claimRows = db.transaction((worker: string, now: number, limit: number) =>
      claim.all({ worker, now, stale: now - INBOX_CLAIM_LEASE_MS, limit }),
    );
    this.releaseRow = db.prepare('UPDATE inbox SET claimed_at = NULL, claimed_by = NULL WHERE key = ?');
    this.deleteRow = db.prepare('DELETE FROM inbox WHERE key = ?');
    this.pending = db.prepare<[], number>('SELECT COUNT(*) FROM inbox').pluck();
  }

  async keep(
    m: Omit<InboxMessage, 'claimedAt' | 'claimedBy'>,
    claimedBy: string,
    now: Date,
  ): Promise<boolean> {
    const result = this.insert.run({
      key: m.key,
      channel: m.channel,
      message_id: m.messageId,
      caller_key: m.callerKey,
      sealed_from: m.sealedFrom,
      text: m.text,
      received_at: m.receivedAt.getTime(),
      claimed_at: now.getTime(),
      claimed_by: claimedBy,
    });
    return Promise.resolve(result.changes === 1);
  }

  async claim(worker: string, now: Date, limit: number): Promise<InboxMessage[]> {
    if (!(limit >= 1)) return Promise.resolve([]);
    const rows = this.claimRows.immediate(worker, now.getTime(), pageSize(limit));
    return Promise.resolve(rows.map(fromRow).sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime()));
  }

  async release(key: string): Promise<void> {
    this.releaseRow.run(key);
    return Promise.resolve();
  }

  async remove(key: string): Promise<void> {
    this.deleteRow.run(key);
    return Promise.resolve();
  }

  async countPending(): Promise<number> {
    return Promise.resolve(this.pending.get() ?? 0);
  }
}
