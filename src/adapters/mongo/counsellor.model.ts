import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { ROLES } from '../../domain/ports';
import type { Counsellor } from '../../domain/ports';
import { schemaOptions } from './mongo-schema-options';

/** `emailKey` (trimmed, lower case) carries the uniqueness, so case never makes two accounts. */
export type CounsellorDoc = Omit<Counsellor, 'id'> & { _id: string; emailKey: string };

export const emailKey = (email: string): string => email.trim().toLowerCase();

export const counsellorSchema = new Schema<CounsellorDoc>(
  {
    _id: { type: String, required: true, maxlength: 64 },
    email: { type: String, required: true, maxlength: 254 },
    emailKey: { type: String, required: true, maxlength: 254 },
    displayName: { type: String, required: true, maxlength: 100 },
    role: { type: String, required: true, enum: ROLES },
    passwordHash: { type: String, required: true, maxlength: 512 },
    failedLogins: { type: Number, required: true, min: 0 },
    lockedUntil: { type: Date, default: null },
    active: { type: Boolean, required: true },
    createdAt: { type: Date, required: true },
  },
  schemaOptions('counsellors'),
);
counsellorSchema.index({ emailKey: 1 }, { unique: true });

export function counsellorModel(conn: Connection): Model<CounsellorDoc> {
  return (
    (conn.models.Counsellor as Model<CounsellorDoc> | undefined) ??
    conn.model<CounsellorDoc>('Counsellor', counsellorSchema)
  );
}

export const counsellorToDoc = (c: Counsellor): CounsellorDoc => ({
  _id: c.id,
  email: c.email,
  emailKey: emailKey(c.email),
  displayName: c.displayName,
  role: c.role,
  passwordHash: c.passwordHash,
  failedLogins: c.failedLogins,
  lockedUntil: c.lockedUntil,
  active: c.active,
  createdAt: c.createdAt,
});

export const counsellorFromDoc = (d: CounsellorDoc): Counsellor => ({
  id: d._id,
  email: d.email,
  displayName: d.displayName,
  role: d.role,
  passwordHash: d.passwordHash,
  failedLogins: d.failedLogins,
  lockedUntil: d.lockedUntil ?? null,
  active: d.active,
  createdAt: d.createdAt,
});
