import Database from 'better-sqlite3';
import type { Store } from '../../domain/ports';
import type { Logger } from '../../logger';
import { MIGRATIONS } from './migrations';
import { narrowSqliteSidecars, secureSqliteFiles, type WidePermission } from './owner-only-files';
import { migrate } from './sqlite-migrator';
import { SqliteAuditRepository } from './sqlite-audit.repository';
import { SqliteCounsellorRepository } from './sqlite-counsellor.repository';
import { SqliteDirectoryRepository } from './sqlite-directory.repository';
import { SqliteOutboxRepository } from './sqlite-outbox.repository';
import { SqliteInboxRepository } from './sqlite-inbox.repository';
import { SqliteReportRepository } from './sqlite-report.repository';
import { SqliteSessionRepository } from './sqlite-session.repository';
import { SqliteSmsLogRepository } from './sqlite-sms-log.repository';
import { SqliteSubscriberRepository } from './sqlite-subscriber.repository';
import { SqliteTestCallRepository } from './sqlite-test-call.repository';

/** How long a writer waits for another process's write lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (creating if needed) the embedded store. WAL lets the API process read while the worker process
 * writes; the busy timeout makes their writes queue instead of failing. `secure_delete` overwrites
 * purged text and sealed numbers on disk instead of leaving them in free pages.
 */
export function openSqliteStore(options: { file: string; logger?: Logger }): Store {
  const onDisk = options.file !== ':memory:';
  const wide: WidePermission[] = onDisk ? secureSqliteFiles(options.file) : [];
  const db = new Database(options.file, { timeout: BUSY_TIMEOUT_MS });
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('secure_delete = ON');
    migrate(db, MIGRATIONS);
    if (onDisk) wide.push(...narrowSqliteSidecars(options.file));
  } catch (err) {
    db.close();
    throw err;
  }
  for (const w of wide) {
    options.logger?.warn(
      { path: w.path, mode: w.found, narrowed: w.fixed },
      w.fixed
        ? 'store file was readable by others: narrowed to owner-only'
        : 'store file is readable by others and owned by another user: fix its mode',
    );
  }
  const ping = db.prepare('SELECT 1');
  return {
    kind: 'sqlite',
    reports: new SqliteReportRepository(db),
    audit: new SqliteAuditRepository(db),
    subscribers: new SqliteSubscriberRepository(db),
    counsellors: new SqliteCounsellorRepository(db),
    sessions: new SqliteSessionRepository(db),
    outbox: new SqliteOutboxRepository(db),
    inbox: new SqliteInboxRepository(db),
    smsLog: new SqliteSmsLogRepository(db),
    testCalls: new SqliteTestCallRepository(db),
    directory: new SqliteDirectoryRepository(db),
    async ping() {
      ping.get();
      return Promise.resolve();
    },
    async close() {
      if (db.open) db.close();
      return Promise.resolve();
    },
  };
}
