import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import {
  AFFECTED,
  AGE_GROUPS,
  CHANNELS,
  CLOSE_OUTCOMES,
  CONTACT_CHOICES,
  DISABILITY,
  GENDERS,
  PLATFORMS,
  REGIONS,
  REPORT_STATUSES,
  REPORT_TYPES,
  RISK_FLAGS,
} from '../../domain/reports/report';
import { LOCALES } from '../../domain/shared/locale';
import type { NewReport, Report } from '../../domain/reports/report';
import { schemaOptions } from './mongo-schema-options';

/** A report as stored: the domain object with `_id` for `id`. */
export type ReportDoc = Omit<Report, 'id'> & { _id: string };

const nullableEnum = (values: readonly string[]) => ({
  type: String,
  enum: [...values, null],
  default: null,
});
const hour = { type: Number, required: true, min: 0, max: 24 };

export const safeHoursSchema = new Schema({ start: hour, end: hour }, { _id: false, strict: 'throw' });

export const reportSchema = new Schema<ReportDoc>(
  {
    _id: { type: String, required: true, maxlength: 64 },
    sourceRef: { type: String, required: true, maxlength: 200 },
    code: { type: String, required: true, maxlength: 32 },
    channel: { type: String, required: true, enum: CHANNELS },
    locale: { type: String, required: true, enum: LOCALES },
    type: { type: String, required: true, enum: REPORT_TYPES },
    platform: nullableEnum(PLATFORMS),
    affected: nullableEnum(AFFECTED),
    ageGroup: nullableEnum(AGE_GROUPS),
    gender: nullableEnum(GENDERS),
    disability: nullableEnum(DISABILITY),
    region: nullableEnum(REGIONS),
    immediateDanger: { type: Boolean, required: true },
    description: { type: String, maxlength: 1000, default: null },
    contact: { type: String, required: true, enum: CONTACT_CHOICES },
    sealedContact: { type: String, maxlength: 512, default: null },
    safeHours: { type: safeHoursSchema, default: null },
    riskFlags: { type: [{ type: String, enum: RISK_FLAGS }], default: [] },
    priority: { type: Number, required: true, enum: [1, 2, 3] },
    status: { type: String, required: true, enum: REPORT_STATUSES },
    outcome: nullableEnum(CLOSE_OUTCOMES),
    assignedTo: { type: String, maxlength: 64, default: null },
    version: { type: Number, required: true, min: 1 },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    closedAt: { type: Date, default: null },
    purgedAt: { type: Date, default: null },
  },
  schemaOptions('reports'),
);

reportSchema.index({ sourceRef: 1 }, { unique: true });
reportSchema.index({ code: 1 }, { unique: true });
// The console's queue and its filters, each ending in the queue order so the sort uses the index.
reportSchema.index({ priority: -1, createdAt: 1, _id: 1 });
reportSchema.index({ status: 1, priority: -1, createdAt: 1, _id: 1 });
reportSchema.index({ assignedTo: 1, priority: -1, createdAt: 1, _id: 1 });
reportSchema.index({ type: 1 });
reportSchema.index({ region: 1 });
reportSchema.index({ createdAt: 1 });
// Retention looks for closed reports by closing date.
reportSchema.index({ status: 1, closedAt: 1 });

export function reportModel(conn: Connection): Model<ReportDoc> {
  return (
    (conn.models.Report as Model<ReportDoc> | undefined) ?? conn.model<ReportDoc>('Report', reportSchema)
  );
}

/** The stored form of a new report: status `new`, version 1. */
export function newReportDoc(id: string, r: NewReport): ReportDoc {
  return {
    ...r,
    _id: id,
    riskFlags: [...r.riskFlags],
    safeHours: r.safeHours ? { ...r.safeHours } : null,
    status: 'new',
    outcome: null,
    assignedTo: null,
    version: 1,
    updatedAt: r.createdAt,
    closedAt: null,
    purgedAt: null,
  };
}

/** Lean documents back to domain objects, field by field, so nothing Mongo-specific leaks out. */
export function reportFromDoc(d: ReportDoc): Report {
  return {
    id: d._id,
    sourceRef: d.sourceRef,
    code: d.code,
    channel: d.channel,
    locale: d.locale,
    type: d.type,
    platform: d.platform ?? null,
    affected: d.affected ?? null,
    ageGroup: d.ageGroup ?? null,
    gender: d.gender ?? null,
    disability: d.disability ?? null,
    region: d.region ?? null,
    immediateDanger: d.immediateDanger,
    description: d.description ?? null,
    contact: d.contact,
    sealedContact: d.sealedContact ?? null,
    safeHours: d.safeHours ? { start: d.safeHours.start, end: d.safeHours.end } : null,
    riskFlags: [...(d.riskFlags ?? [])],
    priority: d.priority,
    status: d.status,
    outcome: d.outcome ?? null,
    assignedTo: d.assignedTo ?? null,
    version: d.version,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    closedAt: d.closedAt ?? null,
    purgedAt: d.purgedAt ?? null,
  };
}
