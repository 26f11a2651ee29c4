import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { PLATFORMS, TAKEDOWN_STATES } from '../../domain/reports/report';
import type { TakedownRequest } from '../../domain/reports/report';
import { schemaOptions } from './mongo-schema-options';

export type TakedownDoc = Omit<TakedownRequest, 'id'> & { _id: string };

export const takedownSchema = new Schema<TakedownDoc>(
  {
    _id: { type: String, required: true, maxlength: 64 },
    reportId: { type: String, required: true, maxlength: 64 },
    platform: { type: String, required: true, enum: PLATFORMS },
    submittedOn: { type: Date, required: true },
    state: { type: String, required: true, enum: TAKEDOWN_STATES },
    authorId: { type: String, required: true, maxlength: 64 },
    updatedAt: { type: Date, required: true },
  },
  schemaOptions('report_takedowns'),
);
takedownSchema.index({ reportId: 1, submittedOn: 1, _id: 1 });

export function takedownModel(conn: Connection): Model<TakedownDoc> {
  return (
    (conn.models.Takedown as Model<TakedownDoc> | undefined) ??
    conn.model<TakedownDoc>('Takedown', takedownSchema)
  );
}

export const takedownFromDoc = (d: TakedownDoc): TakedownRequest => ({
  id: d._id,
  reportId: d.reportId,
  platform: d.platform,
  submittedOn: d.submittedOn,
  state: d.state,
  authorId: d.authorId,
  updatedAt: d.updatedAt,
});
