import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** What was found wider than owner-only at boot (and tightened when this process owns it). */
export interface WidePermission {
  path: string;
  /** The mode found, as octal text ("755"). */
  found: string;
  /** True when it was narrowed to owner-only; false when another user owns it. */
  fixed: boolean;
}

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

/** The database and the two files SQLite keeps beside it in WAL mode. */
export function sqliteFilesOf(file: string): string[] {
  return [file, `${file}-wal`, `${file}-shm`];
}

function narrow(path: string, mode: number): WidePermission | null {
  if (!existsSync(path)) return null;
  const st = statSync(path);
  const bits = st.mode & 0o777;
  if ((bits & ~mode) === 0) return null;
  // Only the owner may chmod; a file owned by someone else is reported, not fought over.
  const ours = typeof process.getuid !== 'function' || st.uid === process.getuid();
  if (ours) chmodSync(path, mode);
  return { path, found: bits.toString(8), fixed: ours };
}

/**
 * The data folder 0700 and the store's files 0600 whatever the umask (hardening finding 11): reports and
 * sealed numbers are nobody else's business on a shared host. The database file is created here, owner-only,
 * before SQLite opens it; SQLite gives its WAL and SHM files the database file's mode. Returns what was
 * found wider, so boot can warn.
 */
export function secureSqliteFiles(file: string): WidePermission[] {
  const dir = dirname(file);
  const found: WidePermission[] = [];
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true, mode: DIR_MODE });
    chmodSync(dir, DIR_MODE); // the umask may have taken owner bits away
  } else {
    const wide = narrow(dir, DIR_MODE);
    if (wide) found.push(wide);
  }
  if (!existsSync(file)) {
    closeSync(openSync(file, 'a', FILE_MODE));
    chmodSync(file, FILE_MODE);
  }
  for (const path of sqliteFilesOf(file)) {
    const wide = narrow(path, FILE_MODE);
    if (wide) found.push(wide);
  }
  return found;
}

/** After opening: the WAL and SHM files exist now; make sure they did not come out wider. */
export function narrowSqliteSidecars(file: string): WidePermission[] {
  return sqliteFilesOf(file)
    .slice(1)
    .flatMap((path) => {
      const wide = narrow(path, FILE_MODE);
      return wide ? [wide] : [];
    });
}
