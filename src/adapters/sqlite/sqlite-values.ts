/** Conversions between domain values and the column types the SQLite schema uses. */
export const toMs = (d: Date): number => d.getTime();
export const toMsOrNull = (d: Date | null): number | null => (d === null ? null : d.getTime());
export const fromMs = (ms: number): Date => new Date(ms);
export const fromMsOrNull = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));
export const toFlag = (b: boolean): 0 | 1 => (b ? 1 : 0);

const UNIQUE_CODES = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);

interface SqliteErrorShape {
  name: string;
  code: string;
  message: string;
}

/**
 * Recognised by shape, not `instanceof`: the native addon keeps the error class (and the realm's `Error`)
 * it was first loaded with, which are not ours under Jest's per-file module registry and context.
 */
function asSqliteError(err: unknown): SqliteErrorShape | null {
  if (typeof err !== 'object' || err === null) return null;
  const { name, code, message } = err as Partial<Record<keyof SqliteErrorShape, unknown>>;
  if (name !== 'SqliteError' || typeof code !== 'string' || typeof message !== 'string') return null;
  return { name, code, message };
}

/** True for a UNIQUE (or primary key) violation on `table.column`; SQLite names the column in the message. */
export function isUniqueViolation(err: unknown, tableColumn: string): boolean {
  const e = asSqliteError(err);
  return e !== null && UNIQUE_CODES.has(e.code) && e.message.includes(tableColumn);
}

export function isForeignKeyViolation(err: unknown): boolean {
  return asSqliteError(err)?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}
