import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { NotFoundError } from '../../domain/errors';
import type { Note, Referral, Reply, TakedownRequest, TakedownState } from '../../domain/reports/report';
import { fromMs, isForeignKeyViolation } from './sqlite-values';

interface TextRow {
  id: string;
  report_id: string;
  author_id: string;
  text: string;
  created_at: number;
}

interface ReferralRow {
  id: string;
  report_id: string;
  directory_entry_id: string;
  author_id: string;
  created_at: number;
}

interface TakedownRow {
  id: string;
  report_id: string;
  platform: string;
  submitted_on: number;
  state: string;
  author_id: string;
  updated_at: number;
}

const textFromRow = (r: TextRow): Note => ({
  id: r.id,
  reportId: r.report_id,
  authorId: r.author_id,
  text: r.text,
  createdAt: fromMs(r.created_at),
});

const referralFromRow = (r: ReferralRow): Referral => ({
  id: r.id,
  reportId: r.report_id,
  directoryEntryId: r.directory_entry_id,
  authorId: r.author_id,
  createdAt: fromMs(r.created_at),
});

const takedownFromRow = (r: TakedownRow): TakedownRequest => ({
  id: r.id,
  reportId: r.report_id,
  platform: r.platform as TakedownRequest['platform'],
  submittedOn: fromMs(r.submitted_on),
  state: r.state as TakedownState,
  authorId: r.author_id,
  updatedAt: fromMs(r.updated_at),
});

/**
 * Notes, replies, referrals and take-down requests of a report. The foreign key to `reports` turns a
 * record for an unknown report into NotFoundError.
 */
export class SqliteReportRecords {
  private readonly statements: ReturnType<typeof prepare>;

  constructor(db: Database.Database) {
    this.statements = prepare(db);
  }

  async addNote(note: Omit<Note, 'id'>): Promise<Note> {
    return Promise.resolve(this.addText(this.statements.insertNote, note));
  }

  async listNotes(reportId: string): Promise<Note[]> {
    return Promise.resolve(this.statements.listNotes.all(reportId).map(textFromRow));
  }

  async addReply(reply: Omit<Reply, 'id'>): Promise<Reply> {
    return Promise.resolve(this.addText(this.statements.insertReply, reply));
  }

  async listReplies(reportId: string): Promise<Reply[]> {
    return Promise.resolve(this.statements.listReplies.all(reportId).map(textFromRow));
  }

  async addReferral(referral: Omit<Referral, 'id'>): Promise<Referral> {
    const row: ReferralRow = {
      id: randomUUID(),
      report_id: referral.reportId,
      directory_entry_id: referral.directoryEntryId,
      author_id: referral.authorId,
      created_at: referral.createdAt.getTime(),
    };
    insertChild(() => this.statements.insertReferral.run(row));
    return Promise.resolve(referralFromRow(row));
  }

  async listReferrals(reportId: string): Promise<Referral[]> {
    return Promise.resolve(this.statements.listReferrals.all(reportId).map(referralFromRow));
  }

  async addTakedown(t: Omit<TakedownRequest, 'id'>): Promise<TakedownRequest> {
    const row: TakedownRow = {
      id: randomUUID(),
      report_id: t.reportId,
      platform: t.platform,
      submitted_on: t.submittedOn.getTime(),
      state: t.state,
      author_id: t.authorId,
      updated_at: t.updatedAt.getTime(),
    };
    insertChild(() => this.statements.insertTakedown.run(row));
    return Promise.resolve(takedownFromRow(row));
  }

  async updateTakedown(id: string, state: TakedownState, at: Date): Promise<TakedownRequest> {
    const row = this.statements.updateTakedown.get({ id, state, at: at.getTime() });
    if (!row) throw new NotFoundError('takedown request');
    return Promise.resolve(takedownFromRow(row));
  }

  async listTakedowns(reportId: string): Promise<TakedownRequest[]> {
    return Promise.resolve(this.statements.listTakedowns.all(reportId).map(takedownFromRow));
  }

  private addText(insert: Database.Statement<[TextRow], void>, input: Omit<Note, 'id'>): Note {
    const row: TextRow = {
      id: randomUUID(),
      report_id: input.reportId,
      author_id: input.authorId,
      text: input.text,
      created_at: input.createdAt.getTime(),
    };
    insertChild(() => insert.run(row));
    return textFromRow(row);
  }
}

function insertChild(run: () => unknown): void {
  try {
    run();
  } catch (err) {
    if (isForeignKeyViolation(err)) throw new NotFoundError('report');
    throw err;
  }
}

function prepare(db: Database.Database) {
  const insertText = (table: string) =>
    db.prepare<[TextRow], void>(
      `INSERT INTO ${table} (id, report_id, author_id, text, created_at)
       VALUES (@id, @report_id, @author_id, @text, @created_at)`,
    );
  const listText = (table: string) =>
    db.prepare<[string], TextRow>(`SELECT * FROM ${table} WHERE report_id = ? ORDER BY created_at, id`);
  return {
    insertNote: insertText('report_notes'),
    listNotes: listText('report_notes'),
    insertReply: insertText('report_replies'),
    listReplies: listText('report_replies'),
    insertReferral: db.prepare<[ReferralRow], void>(
      `INSERT INTO report_referrals (id, report_id, directory_entry_id, author_id, created_at)
       VALUES (@id, @report_id, @directory_entry_id, @author_id, @created_at)`,
    ),
    listReferrals: db.prepare<[string], ReferralRow>(
      'SELECT * FROM report_referrals WHERE report_id = ? ORDER BY created_at, id',
    ),
    insertTakedown: db.prepare<[TakedownRow], void>(
      `INSERT INTO report_takedowns (id, report_id, platform, submitted_on, state, author_id, updated_at)
       VALUES (@id, @report_id, @platform, @submitted_on, @state, @author_id, @updated_at)`,
    ),
    updateTakedown: db.prepare<[{ id: string; state: string; at: number }], TakedownRow>(
      'UPDATE report_takedowns SET state = @state, updated_at = @at WHERE id = @id RETURNING *',
    ),
    listTakedowns: db.prepare<[string], TakedownRow>(
      'SELECT * FROM report_takedowns WHERE report_id = ? ORDER BY submitted_on, id',
    ),
  };
}
