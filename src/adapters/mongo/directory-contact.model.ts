import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import type { DirectoryRecord, NewDirectoryRecord } from '../../domain/directory/directory-record';
import { DIRECTORY_KINDS } from '../../domain/flow/directory';
import { REGIONS } from '../../domain/reports/report';
import { schemaOptions } from './mongo-schema-options';

export type DirectoryContactDoc = Omit<DirectoryRecord, 'id' | 'verified'> & {
  _id: string;
  /** The research date, or null (the domain's `false`). */
  verified: string | null;
};

/** A support directory contact (issue 14 D): seeded from flows/directory.yaml, edited in the console. */
export const directoryContactSchema = new Schema<DirectoryContactDoc>(
  {
    _id: { type: String, required: true, maxlength: 64, match: /^[a-z][a-z0-9_]*$/ },
    position: { type: Number, required: true, min: 0 },
    name: { type: String, required: true, maxlength: 200 },
    label: {
      type: new Schema(
        {
          fr: { type: String, required: true, maxlength: 100 },
          bm: { type: String, required: true, maxlength: 100 },
        },
        { _id: false, strict: 'throw' },
      ),
      default: null,
    },
    regions: {
      type: [{ type: String, enum: REGIONS }],
      validate: { validator: (r: string[]) => r.length > 0, message: 'at least one region' },
    },
    kind: { type: String, required: true, enum: DIRECTORY_KINDS },
    phone: { type: String, maxlength: 60, default: null },
    address: { type: String, maxlength: 300, default: null },
    source: { type: String, maxlength: 500, default: null },
    verified: { type: String, match: /^\d{4}-\d{2}-\d{2}$/, default: null },
    note: { type: String, maxlength: 1000, default: null },
    fromSources: { type: Boolean, required: true },
    origin: { type: String, required: true, enum: ['yaml', 'console'] },
    phoneChangedAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String, maxlength: 64, default: null },
  },
  schemaOptions('directory_contacts'),
);
directoryContactSchema.index({ position: 1, _id: 1 });

export function directoryContactModel(conn: Connection): Model<DirectoryContactDoc> {
  return (
    (conn.models.DirectoryContact as Model<DirectoryContactDoc> | undefined) ??
    conn.model<DirectoryContactDoc>('DirectoryContact', directoryContactSchema)
  );
}

export function newDirectoryContactDoc(
  e: NewDirectoryRecord,
  position: number,
  at: Date,
  by: string | null,
): DirectoryContactDoc {
  const { id, verified, ...rest } = e;
  return {
    ...rest,
    _id: id,
    verified: verified === false ? null : verified,
    position,
    phoneChangedAt: null,
    createdAt: at,
    updatedAt: at,
    updatedBy: by,
  };
}

export const directoryContactFromDoc = (d: DirectoryContactDoc): DirectoryRecord => ({
  id: d._id,
  position: d.position,
  name: d.name,
  label: d.label ? { fr: d.label.fr, bm: d.label.bm } : null,
  regions: [...d.regions],
  kind: d.kind,
  phone: d.phone ?? null,
  address: d.address ?? null,
  source: d.source ?? null,
  verified: d.verified ?? false,
  note: d.note ?? null,
  fromSources: d.fromSources,
  origin: d.origin,
  phoneChangedAt: d.phoneChangedAt ?? null,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
  updatedBy: d.updatedBy ?? null,
});
