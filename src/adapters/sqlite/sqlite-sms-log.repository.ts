import type Database from 'better-sqlite3';
import type { SmsLogEntry, SmsLogRepository } from '../../domain/ports';
import { fromMs } from './sqlite-values';

interface SmsLogRow {
  message_id: string;
  job_id: string;
  caller_key: string | null;
  status: string;
  failure_reason: string | null;
  updated_at: number;
}

export class SqliteSmsLogRepository implements SmsLogRepository {
  private readonly insert: Database.Statement<[SmsLogRow], void>;
  private readonly setDelivery: Database.Statement<
    [{ id: string; status: string; reason: string | null; at: number }],
    void
  >;
  private readonly byId: Database.Statement<[string], SmsLogRow>;

  constructor(db: Database.Database) {
    this.insert = db.prepare(
      `INSERT INTO sms_log (message_id, job_id, caller_key, status, failure_reason, updated_at)
       VALUES (@message_id, @job_id, @caller_key, @status, @failure_reason, @updated_at)
       ON CONFLICT (message_id) DO NOTHING`,
    );
    // A repeated callback with the same outcome changes nothing, not even updated_at.
    this.setDelivery = db.prepare(
      `UPDATE sms_log SET status = @status, failure_reason = @reason, updated_at = @at
       WHERE message_id = @id AND (status IS NOT @status OR failure_reason IS NOT @reason)`,
    );
    this.byId = db.prepare('SELECT * FROM sms_log WHERE message_id = ?');
  }

  async recordSent(e: Omit<SmsLogEntry, 'updatedAt' | 'failureReason'> & { at: Date }): Promise<void> {
    this.insert.run({
      message_id: e.messageId,
      job_id: e.jobId,
      caller_key: e.callerKey,
      status: e.status,
      failure_reason: null,
      updated_at: e.at.getTime(),
    });
    return Promise.resolve();
  }

  async recordDelivery(
    messageId: string,
    status: string,
    failureReason: string | null,
    at: Date,
  ): Promise<boolean> {
    const { changes } = this.setDelivery.run({
      id: messageId,
      status,
      reason: failureReason,
      at: at.getTime(),
    });
    return Promise.resolve(changes > 0 || this.byId.get(messageId) !== undefined);
  }

  async find(messageId: string): Promise<SmsLogEntry | null> {
    const row = this.byId.get(messageId);
    return Promise.resolve(
      row
        ? {
            messageId: row.message_id,
            jobId: row.job_id,
            callerKey: row.caller_key,
            status: row.status,
            failureReason: row.failure_reason,
            updatedAt: fromMs(row.updated_at),
          }
        : null,
    );
  }
}
