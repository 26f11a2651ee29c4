import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { backupSqlite } from '../../src/adapters/sqlite/sqlite-backup';
import { openSqliteStore } from '../../src/adapters/sqlite/sqlite-store';
import type { Store } from '../../src/domain/ports';
import { aNewReport } from '../helpers/report-fixture';

describe('backupSqlite', () => {
  let dir: string;
  let store: Store;
  const source = () => join(dir, 'tanga.sqlite');

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tanga-backup-'));
    store = openSqliteStore({ file: source() });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when the store is open and holds reports still in its WAL, then the copy has them all and checks ok', async () => {
    const created = [];
    for (let i = 0; i < 20; i++) created.push(await store.reports.create(aNewReport()));

    const destination = join(dir, 'backups', 'copy.sqlite');
    const result = await backupSqlite(source(), destination);
    expect(result.integrity).toBe('ok');
    expect(result.pages).toBeGreaterThan(0);

    const copy = new Database(destination, { readonly: true });
    try {
      const codes = copy.prepare<[], { code: string }>('SELECT code FROM reports ORDER BY code').all();
      expect(codes.map((r) => r.code)).toEqual(created.map((r) => r.code).sort());
    } finally {
      copy.close();
    }
    // Sealed numbers and report text: owner-only, and one file (no -wal or -shm beside it).
    expect(statSync(destination).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(dir, 'backups'))).toEqual(['copy.sqlite']);
  });

  it('when writes go on during the backup, then the copy is still consistent', async () => {
    for (let i = 0; i < 50; i++) await store.reports.create(aNewReport());
    const writing = (async () => {
      for (let i = 0; i < 50; i++) await store.reports.create(aNewReport());
    })();
    const result = await backupSqlite(source(), join(dir, 'during.sqlite'));
    await writing;
    expect(result.integrity).toBe('ok');
  });

  it('when the destination exists, then nothing is overwritten', async () => {
    const destination = join(dir, 'old.sqlite');
    writeFileSync(destination, 'previous backup');
    await expect(backupSqlite(source(), destination)).rejects.toThrow(/exists already/);
  });

  it('when there is no database, then it says so', async () => {
    await expect(backupSqlite(join(dir, 'missing.sqlite'), join(dir, 'x.sqlite'))).rejects.toThrow(
      /no database/,
    );
  });
});
