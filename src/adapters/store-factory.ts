import { join } from 'node:path';
import type { Config } from '../config';
import type { Store } from '../domain/ports';
import type { Logger } from '../logger';
import { openMongoStore } from './mongo/mongo-store';
import { openSqliteStore } from './sqlite/sqlite-store';

/** The file name of the embedded store inside DATA_DIR. */
export const SQLITE_FILE_NAME = 'tanga.sqlite';

/** MongoDB when `MONGODB_URI` is set (several instances), otherwise the embedded SQLite file. */
export async function openStore(
  config: Pick<Config, 'MONGODB_URI' | 'DATA_DIR'>,
  logger?: Logger,
): Promise<Store> {
  if (config.MONGODB_URI) return openMongoStore({ uri: config.MONGODB_URI });
  return Promise.resolve(
    openSqliteStore({ file: join(config.DATA_DIR, SQLITE_FILE_NAME), ...(logger ? { logger } : {}) }),
  );
}
