import type Database from 'better-sqlite3';
import { ConflictError } from '../../domain/errors';
import type { ConsoleSession, SessionRepository } from '../../domain/ports';
import { fromMs, isUniqueViolation } from './sqlite-values';

interface SessionRow {
  id: string;
  counsellor_id: string;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
}

const fromRow = (r: SessionRow): ConsoleSession => ({
  id: r.id,
  counsellorId: r.counsellor_id,
  csrfToken: r.csrf_token,
  createdAt: fromMs(r.created_at),
  lastSeenAt: fromMs(r.last_seen_at),
});

export class SqliteSessionRepository implements SessionRepository {
  private readonly insert: Database.Statement<[SessionRow], void>;
  private readonly byId: Database.Statement<[string], SessionRow>;
  private readonly touchRow: Database.Statement<[number, string], void>;
  private readonly deleteRow: Database.Statement<[string], void>;
  private readonly deleteIdle: Database.Statement<[number], void>;

  constructor(db: Database.Database) {
    this.insert = db.prepare(
      `INSERT INTO console_sessions (id, counsellor_id, csrf_token, created_at, last_seen_at)
       VALUES (@id, @counsellor_id, @csrf_token, @created_at, @last_seen_at)`,
    );
    this.byId = db.prepare('SELECT * FROM console_sessions WHERE id = ?');
    // Requests finish out of order; the last-seen time never goes backwards.
    this.touchRow = db.prepare(
      'UPDATE console_sessions SET last_seen_at = max(last_seen_at, ?) WHERE id = ?',
    );
    this.deleteRow = db.prepare('DELETE FROM console_sessions WHERE id = ?');
    this.deleteIdle = db.prepare('DELETE FROM console_sessions WHERE last_seen_at < ?');
  }

  async create(s: ConsoleSession): Promise<ConsoleSession> {
    try {
      this.insert.run({
        id: s.id,
        counsellor_id: s.counsellorId,
        csrf_token: s.csrfToken,
        created_at: s.createdAt.getTime(),
        last_seen_at: s.lastSeenAt.getTime(),
      });
    } catch (err) {
      if (isUniqueViolation(err, 'console_sessions.id')) throw new ConflictError('session already exists');
      throw err;
    }
    return Promise.resolve({ ...s });
  }

  async find(id: string): Promise<ConsoleSession | null> {
    const row = this.byId.get(id);
    return Promise.resolve(row ? fromRow(row) : null);
  }

  async touch(id: string, at: Date): Promise<void> {
    this.touchRow.run(at.getTime(), id);
    return Promise.resolve();
  }

  async delete(id: string): Promise<void> {
    this.deleteRow.run(id);
    return Promise.resolve();
  }

  async deleteIdleSince(before: Date): Promise<number> {
    return Promise.resolve(this.deleteIdle.run(before.getTime()).changes);
  }
}
