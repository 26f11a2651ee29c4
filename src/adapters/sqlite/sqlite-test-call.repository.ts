import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { TestCall, TestCallOutcome } from '../../domain/directory/contact-verification';
import type { RecordedTestCall, TestCallRepository } from '../../domain/ports';
import { fromMs } from './sqlite-values';

interface TestCallRow {
  id: string;
  contact_id: string;
  outcome: string;
  by_id: string;
  note: string | null;
  at: number;
}

const fromRow = (r: TestCallRow): RecordedTestCall => ({
  id: r.id,
  contactId: r.contact_id,
  // The table's CHECK constraint admits only the domain's outcomes.
  outcome: r.outcome as TestCallOutcome,
  by: r.by_id,
  at: fromMs(r.at),
  ...(r.note === null ? {} : { note: r.note }),
});

/** Append-only: a mistaken call is corrected by recording another, never by editing the first. */
export class SqliteTestCallRepository implements TestCallRepository {
  private readonly insert: Database.Statement<[TestCallRow], void>;
  private readonly latest: Database.Statement<[], TestCallRow>;
  private readonly forContact: Database.Statement<[string, number], TestCallRow>;

  constructor(db: Database.Database) {
    this.insert = db.prepare(
      `INSERT INTO contact_test_calls (id, contact_id, outcome, by_id, note, at)
       VALUES (@id, @contact_id, @outcome, @by_id, @note, @at)`,
    );
    this.latest = db.prepare(
      `SELECT t.* FROM contact_test_calls t
       WHERE NOT EXISTS (
         SELECT 1 FROM contact_test_calls u
         WHERE u.contact_id = t.contact_id AND (u.at > t.at OR (u.at = t.at AND u.id > t.id))
       )
       ORDER BY t.contact_id`,
    );
    this.forContact = db.prepare(
      'SELECT * FROM contact_test_calls WHERE contact_id = ? ORDER BY at DESC, id DESC LIMIT ?',
    );
  }

  async add(call: TestCall): Promise<RecordedTestCall> {
    const row: TestCallRow = {
      id: randomUUID(),
      contact_id: call.contactId,
      outcome: call.outcome,
      by_id: call.by,
      note: call.note ?? null,
      at: call.at.getTime(),
    };
    this.insert.run(row);
    return Promise.resolve(fromRow(row));
  }

  async latestPerContact(): Promise<RecordedTestCall[]> {
    return Promise.resolve(this.latest.all().map(fromRow));
  }

  async listForContact(contactId: string, limit: number): Promise<RecordedTestCall[]> {
    return Promise.resolve(this.forContact.all(contactId, limit).map(fromRow));
  }
}
