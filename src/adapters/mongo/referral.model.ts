import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import type { Referral } from '../../domain/reports/report';
import { schemaOptions } from './mongo-schema-options';

export type ReferralDoc = Omit<Referral, 'id'> & { _id: string };

export const referralSchema = new Schema<ReferralDoc>(
  {
    _id: { type: String, required: true, maxlength: 64 },
    reportId: { type: String, required: true, maxlength: 64 },
    directoryEntryId: { type: String, required: true, maxlength: 128 },
    authorId: { type: String, required: true, maxlength: 64 },
    createdAt: { type: Date, required: true },
  },
  schemaOptions('report_referrals'),
);
referralSchema.index({ reportId: 1, createdAt: 1, _id: 1 });

export function referralModel(conn: Connection): Model<ReferralDoc> {
  return (
    (conn.models.Referral as Model<ReferralDoc> | undefined) ??
    conn.model<ReferralDoc>('Referral', referralSchema)
  );
}

export const referralFromDoc = (d: ReferralDoc): Referral => ({
  id: d._id,
  reportId: d.reportId,
  directoryEntryId: d.directoryEntryId,
  authorId: d.authorId,
  createdAt: d.createdAt,
});
