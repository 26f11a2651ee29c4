import type Database from 'better-sqlite3';
import { AppError } from '../../domain/errors';
import type { Migration } from './migrations';

/**
 * Applies the steps not yet recorded in `schema_migrations`, in order, in one IMMEDIATE transaction: a
 * second process opening the same file at the same moment waits for the first, then finds nothing to do.
 * Returns the versions applied now.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[]): number[] {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new AppError('migrations must be numbered 1, 2, 3...', { code: 'internal' });
  });
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  ) STRICT`);
  const appliedVersions = db.prepare<[], number>('SELECT version FROM schema_migrations').pluck();
  const record = db.prepare<[number, string, number], void>(
    'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
  );
  const run = db.transaction((): number[] => {
    const applied = new Set(appliedVersions.all());
    const newest = Math.max(0, ...applied);
    if (newest > migrations.length) {
      // An older build must not write into a schema it does not know.
      throw new AppError('database schema is newer than this build', {
        code: 'internal',
        details: { schema: newest, known: migrations.length },
      });
    }
    const done: number[] = [];
    for (const m of migrations) {
      if (applied.has(m.version)) continue;
      db.exec(m.sql);
      record.run(m.version, m.name, Date.now());
      done.push(m.version);
    }
    return done;
  });
  return run.immediate();
}
