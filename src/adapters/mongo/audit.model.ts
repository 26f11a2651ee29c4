import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import type { AuditEntry } from '../../domain/ports';
import { schemaOptions } from './mongo-schema-options';

export type AuditDoc = Omit<AuditEntry, 'id'> & { _id: string };

const MAX_DETAIL_KEYS = 20;

/** Details are a small flat record of primitives: never nested data, never free text blobs. */
function isSmallFlatRecord(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return (
    entries.length <= MAX_DETAIL_KEYS &&
    entries.every(
      ([k, v]) =>
        k.length <= 64 &&
        !k.startsWith('$') &&
        (v === null ||
          typeof v === 'boolean' ||
          typeof v === 'number' ||
          (typeof v === 'string' && v.length <= 200)),
    )
  );
}

export const auditSchema = new Schema<AuditDoc>(
  {
    _id: { type: String, required: true, maxlength: 64 },
    at: { type: Date, required: true },
    actorId: { type: String, maxlength: 64, default: null },
    action: { type: String, required: true, maxlength: 64 },
    reportId: { type: String, maxlength: 64, default: null },
    details: {
      type: Schema.Types.Mixed,
      default: () => ({}),
      validate: { validator: isSmallFlatRecord, message: 'details must be a small flat record' },
    },
  },
  { ...schemaOptions('audit_log'), minimize: false },
);
auditSchema.index({ at: -1, _id: -1 });
auditSchema.index({ reportId: 1, at: -1, _id: -1 });
auditSchema.index({ actorId: 1, at: -1, _id: -1 });
auditSchema.index({ action: 1, at: -1, _id: -1 });

export function auditModel(conn: Connection): Model<AuditDoc> {
  return (conn.models.Audit as Model<AuditDoc> | undefined) ?? conn.model<AuditDoc>('Audit', auditSchema);
}

export const auditFromDoc = (d: AuditDoc): AuditEntry => ({
  id: d._id,
  at: d.at,
  actorId: d.actorId ?? null,
  action: d.action,
  reportId: d.reportId ?? null,
  details: { ...(d.details ?? {}) },
});
