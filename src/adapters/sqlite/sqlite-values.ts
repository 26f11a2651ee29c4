import Database from 'better-sqlite3';

/** Conversions between domain values and the column types the SQLite schema uses. */
export const toMs = (d: Date): number => d.getTime();
export const toMsOrNull = (d: Date | null): number | null => (d === null ? null : d.getTime());
export const fromMs = (ms: number): Date => new Date(ms);
export const fromMsOrNull = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));
export const toFlag = (b: boolean): 0 | 1 => (b ? 1 : 0);

const UNIQUE_CODES = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);

/** True for a UNIQUE (or primary key) violation on `table.column`; SQLite names the column in the message. */
export function isUniqueViolation(err: unknown, tableColumn: string): boolean {
  return (
    err instanceof Database.SqliteError && UNIQUE_CODES.has(err.code) && err.message.includes(tableColumn)
  );
}

export function isForeignKeyViolation(err: unknown): boolean {
  return err instanceof Database.SqliteError && err.code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}
