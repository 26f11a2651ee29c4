import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../domain/errors';

export interface BackupResult {
  destination: string;
  pages: number;
  /** `PRAGMA integrity_check` of the copy: 'ok' when it opens and reads whole. */
  integrity: string;
}

/**
 * An online copy of the SQLite database through SQLite's backup API (better-sqlite3 `db.backup()`): safe
 * while the service writes, unlike copying the file, whose WAL would be left behind. The copy holds
 * sealed numbers and report text, so it is made readable by its owner only; where it goes next
 * (encrypted, off the machine) is the operator's choice.
 */
export async function backupSqlite(source: string, destination: string): Promise<BackupResult> {
  if (!existsSync(source)) throw new AppError(`no database at ${source}`, { code: 'not_found' });
  if (existsSync(destination)) {
    throw new AppError(`${destination} exists already; choose a new file`, { code: 'conflict' });
  }
  mkdirSync(dirname(destination), { recursive: true, mode: 0o700 });
  const db = new Database(source, { readonly: true, fileMustExist: true });
  let pages: number;
  try {
    ({ totalPages: pages } = await db.backup(destination));
  } finally {
    db.close();
  }
  chmodSync(destination, 0o600);
  const copy = new Database(destination, { fileMustExist: true });
  try {
    // The copy inherits WAL mode; a rollback journal keeps it one self-contained file to move around.
    copy.pragma('journal_mode = DELETE');
    const integrity = String(copy.pragma('integrity_check', { simple: true }));
    return { destination, pages, integrity };
  } finally {
    copy.close();
  }
}
