import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { testConfig } from '../../src/config';
import { openStore } from '../../src/adapters/store-factory';
import { MIGRATIONS } from '../../src/adapters/sqlite/migrations';
import { openSqliteStore } from '../../src/adapters/sqlite/sqlite-store';
import { describeStoreContract } from './store.contract';

const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describeStoreContract('sqlite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tanga-contract-'));
  dirs.push(dir);
  return Promise.resolve(openSqliteStore({ file: join(dir, 'nested', 'tanga.sqlite') }));
});

describe('sqlite adapter specifics', () => {
  const fresh = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'tanga-sqlite-'));
    dirs.push(dir);
    return join(dir, 'tanga.sqlite');
  };

  it('when a file is opened twice (API and worker), then migrations are recorded once and writes are shared', async () => {
    const file = fresh();
    const api = openSqliteStore({ file });
    const worker = openSqliteStore({ file });
    try {
      const raw = new Database(file, { readonly: true });
      const versions = raw.prepare('SELECT version FROM schema_migrations').pluck().all();
      const journal = raw.pragma('journal_mode', { simple: true });
      raw.close();
      expect(versions).toEqual(MIGRATIONS.map((m) => m.version));
      expect(journal).toBe('wal');

      await worker.outbox.enqueue({
        dedupeKey: 'shared-1',
        callerKey: 'k',
        sealedTo: 'v1.k.a.b.c',
        text: 't',
        notBefore: new Date(0),
        createdAt: new Date(0),
      });
      expect(await api.outbox.countPending()).toBe(1);
    } finally {
      await api.close();
      await worker.close();
    }
  });

  it('when the file holds a schema newer than this build, then opening refuses', async () => {
    const file = fresh();
    await openSqliteStore({ file }).close();
    const raw = new Database(file);
    raw.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)").run();
    raw.close();
    expect(() => openSqliteStore({ file })).toThrow('database schema is newer than this build');
  });

  it('when MONGODB_URI is unset, then openStore opens SQLite at DATA_DIR/tanga.sqlite, creating the folder', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'tanga-factory-')), 'data');
    dirs.push(dataDir);
    const store = await openStore(testConfig({ DATA_DIR: dataDir }));
    try {
      expect(store.kind).toBe('sqlite');
      expect(existsSync(join(dataDir, 'tanga.sqlite'))).toBe(true);
    } finally {
      await store.close();
    }
  });
});
