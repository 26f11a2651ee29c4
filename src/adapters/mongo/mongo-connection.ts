import { setTimeout as delay } from 'node:timers/promises';
import mongoose from 'mongoose';
import type { ConnectOptions, Connection } from 'mongoose';
import { AppError } from '../../domain/errors';

export interface MongoConnectOptions {
  uri: string;
  /** Per attempt: how long to look for a server before giving up. */
  connectTimeoutMs?: number;
  /** Overrides the database named in the URI (tests use one database per test). */
  dbName?: string;
  attempts?: number;
}

const DEFAULT_TIMEOUT_MS = 5000;
const DEFAULT_ATTEMPTS = 4;
const FIRST_BACKOFF_MS = 250;

/**
 * The options every store connection uses. `sanitizeFilter` wraps any `$` object found in a filter value
 * in `$eq`, so operators can only come from code that marks them `trusted`; commands are not buffered
 * while disconnected, so a store outage fails fast instead of piling up requests.
 */
export function connectionOptions(
  o: Pick<MongoConnectOptions, 'connectTimeoutMs' | 'dbName'>,
): ConnectOptions {
  const timeout = o.connectTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    sanitizeFilter: true,
    bufferCommands: false,
    autoIndex: true,
    autoCreate: true,
    serverSelectionTimeoutMS: timeout,
    connectTimeoutMS: timeout,
    ...(o.dbName ? { dbName: o.dbName } : {}),
  };
}

/**
 * Opens a dedicated connection (never the global default one), retrying a few times with doubling
 * backoff: at deploy time the database often starts alongside the app. The error never includes the
 * URI, which may hold credentials.
 */
export async function connectWithRetry(o: MongoConnectOptions): Promise<Connection> {
  const attempts = Math.max(1, o.attempts ?? DEFAULT_ATTEMPTS);
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    const conn = mongoose.createConnection(o.uri, connectionOptions(o));
    try {
      return await conn.asPromise();
    } catch (err) {
      lastError = err;
      await conn.close(true).catch(() => undefined);
      if (attempt < attempts) await delay(FIRST_BACKOFF_MS * 2 ** (attempt - 1));
    }
  }
  throw new AppError('MongoDB is unreachable', {
    code: 'unavailable',
    cause: lastError,
    details: { attempts },
  });
}
