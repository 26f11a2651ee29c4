import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import type { ConsoleSession } from '../../domain/ports';
import { schemaOptions } from './mongo-schema-options';

/** `_id` is the SHA-256 of the cookie token, never the token. */
export type SessionDoc = Omit<ConsoleSession, 'id'> & { _id: string };

export const sessionSchema = new Schema<SessionDoc>(
  {
    _id: { type: String, required: true, maxlength: 128 },
    counsellorId: { type: String, required: true, maxlength: 64 },
    csrfToken: { type: String, required: true, maxlength: 256 },
    createdAt: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
  },
  schemaOptions('console_sessions'),
);
sessionSchema.index({ lastSeenAt: 1 });

export function sessionModel(conn: Connection): Model<SessionDoc> {
  return (
    (conn.models.Session as Model<SessionDoc> | undefined) ?? conn.model<SessionDoc>('Session', sessionSchema)
  );
}

export const sessionFromDoc = (d: SessionDoc): ConsoleSession => ({
  id: d._id,
  counsellorId: d.counsellorId,
  csrfToken: d.csrfToken,
  createdAt: d.createdAt,
  lastSeenAt: d.lastSeenAt,
});
