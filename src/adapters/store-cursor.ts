import { z } from 'zod';
import { AppError } from '../domain/errors';

/**
 * Opaque page cursors shared by the store adapters: base64url of the last row's sort keys as JSON.
 * A cursor comes back from a client, so it is validated before it reaches a query.
 */
export const reportCursorSchema = z.tuple([
  z.union([z.literal(1), z.literal(2), z.literal(3)]),
  z.number().int(),
  z.string().min(1).max(64),
]);
export type ReportCursor = z.infer<typeof reportCursorSchema>;

export const auditCursorSchema = z.tuple([z.number().int(), z.string().min(1).max(64)]);
export type AuditCursor = z.infer<typeof auditCursorSchema>;

export const keyCursorSchema = z.tuple([z.string().min(1).max(128)]);
export type KeyCursor = z.infer<typeof keyCursorSchema>;

const MAX_CURSOR_LENGTH = 512;
const MAX_PAGE = 200;

export function encodeCursor(keys: ReportCursor | AuditCursor | KeyCursor): string {
  return Buffer.from(JSON.stringify(keys), 'utf8').toString('base64url');
}

/** Returns null for "first page"; throws bad_request for anything that is not a cursor we issued. */
export function decodeCursor<S extends z.ZodType>(
  cursor: string | null | undefined,
  schema: S,
): z.infer<S> | null {
  if (cursor === undefined || cursor === null || cursor === '') return null;
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalidCursor();
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw invalidCursor();
  return parsed.data;
}

/** Page sizes are bounded so one request cannot read a whole table. */
export function pageSize(limit: number): number {
  if (!Number.isFinite(limit)) return MAX_PAGE;
  return Math.min(Math.max(Math.trunc(limit), 1), MAX_PAGE);
}

function invalidCursor(): AppError {
  return new AppError('invalid cursor', { code: 'bad_request' });
}
