/**
 * Hardening finding 11: the data folder is 0700 and the SQLite files (database, WAL, SHM) 0600 whatever the
 * umask; files found wider at boot are narrowed and named in a warning.
 */
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { sqliteFilesOf } from '../../src/adapters/sqlite/owner-only-files';
import { openSqliteStore } from '../../src/adapters/sqlite/sqlite-store';
import { createLogger } from '../../src/logger';

const modeOf = (path: string): string => (statSync(path).mode & 0o777).toString(8);

function capturingLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger({ level: 'warn', destination }), lines };
}

describe('store files are owner-only (hardening finding 11)', () => {
  let root: string;
  let umask: number;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'tanga-modes-'));
    umask = process.umask(0o000); // the widest umask: nothing is taken away by it
  });
  afterEach(() => {
    process.umask(umask);
    rmSync(root, { recursive: true, force: true });
  });

  it('when the store is created under umask 000, then the folder is 0700 and database, WAL and SHM are 0600', async () => {
    const dir = join(root, 'data');
    const file = join(dir, 'tanga.sqlite');
    const store = openSqliteStore({ file });
    await store.ping();
    expect(modeOf(dir)).toBe('700');
    for (const path of sqliteFilesOf(file))
      expect([path.slice(file.length), modeOf(path)]).toEqual([path.slice(file.length), '600']);
    await store.close();
  });

  it('when existing files are wider, then boot narrows them and warns, naming each file', async () => {
    const dir = join(root, 'data');
    const file = join(dir, 'tanga.sqlite');
    const first = openSqliteStore({ file });
    // Keep WAL and SHM on disk: checkpointing on close would remove them.
    await first.ping();
    chmodSync(dir, 0o755);
    for (const path of sqliteFilesOf(file)) chmodSync(path, 0o644);
    const { logger, lines } = capturingLogger();
    const again = openSqliteStore({ file, logger });
    expect(modeOf(dir)).toBe('700');
    for (const path of sqliteFilesOf(file)) expect(modeOf(path)).toBe('600');
    const warned = lines.map((l) => JSON.parse(l) as { path: string; mode: string; narrowed: boolean });
    expect(warned.map((w) => [w.path, w.mode, w.narrowed]).sort()).toEqual(
      [dir, ...sqliteFilesOf(file)].map((p) => [p, p === dir ? '755' : '644', true]).sort(),
    );
    await again.close();
    await first.close();
  });
});
