/**
 * `npm run backup [-- <destination file>]`: an online backup of the embedded SQLite store (DATA_DIR) while
 * the service runs. Default destination: DATA_DIR/backups/tanga-<UTC timestamp>.sqlite. In the Docker
 * image: `node dist/scripts/backup-sqlite.js`. MongoDB deployments use mongodump instead (docs/operations.md).
 */
import { join } from 'node:path';
import { backupSqlite } from '../src/adapters/sqlite/sqlite-backup';
import { SQLITE_FILE_NAME } from '../src/adapters/store-factory';
import { loadConfig } from '../src/config';

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.MONGODB_URI) {
    process.stderr.write('MONGODB_URI is set: the store is MongoDB; back it up with mongodump.\n');
    process.exit(2);
  }
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, 'Z');
  const destination = process.argv[2] ?? join(config.DATA_DIR, 'backups', `tanga-${stamp}.sqlite`);
  const result = await backupSqlite(join(config.DATA_DIR, SQLITE_FILE_NAME), destination);
  process.stdout.write(
    `backup written: ${result.destination} (${result.pages} pages, integrity ${result.integrity})\n`,
  );
  if (result.integrity !== 'ok') process.exit(1);
}

main().catch((err: unknown) => {
  process.stderr.write(`backup failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
