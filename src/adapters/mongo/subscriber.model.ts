import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { LOCALES } from '../../domain/shared/locale';
import type { Subscriber } from '../../domain/ports';
import { schemaOptions } from './mongo-schema-options';
import { safeHoursSchema } from './report.model';

/** Keyed by the caller key itself: one document per caller. */
export type SubscriberDoc = Omit<Subscriber, 'callerKey'> & { _id: string };

export const subscriberSchema = new Schema<SubscriberDoc>(
  {
    _id: { type: String, required: true, maxlength: 128 },
    locale: { type: String, required: true, enum: LOCALES },
    tips: { type: Boolean, required: true },
    suppressed: { type: Boolean, required: true },
    suppressedReason: { type: String, enum: ['stop', 'blacklisted', null] },
    tipIndex: { type: Number, required: true, min: 0 },
    safeHours: { type: safeHoursSchema, required: true },
    sealedNumber: { type: String, maxlength: 512 },
    updatedAt: { type: Date, required: true },
  },
  schemaOptions('subscribers'),
);
subscriberSchema.index({ tips: 1, suppressed: 1, _id: 1 });

export function subscriberModel(conn: Connection): Model<SubscriberDoc> {
  return (
    (conn.models.Subscriber as Model<SubscriberDoc> | undefined) ??
    conn.model<SubscriberDoc>('Subscriber', subscriberSchema)
  );
}

export const subscriberToDoc = (s: Subscriber): SubscriberDoc => ({
  _id: s.callerKey,
  locale: s.locale,
  tips: s.tips,
  suppressed: s.suppressed,
  suppressedReason: s.suppressedReason,
  tipIndex: s.tipIndex,
  safeHours: { start: s.safeHours.start, end: s.safeHours.end },
  sealedNumber: s.sealedNumber,
  updatedAt: s.updatedAt,
});

export const subscriberFromDoc = (d: SubscriberDoc): Subscriber => ({
  callerKey: d._id,
  locale: d.locale,
  tips: d.tips,
  suppressed: d.suppressed,
  suppressedReason: d.suppressedReason ?? null,
  tipIndex: d.tipIndex,
  safeHours: { start: d.safeHours.start, end: d.safeHours.end },
  sealedNumber: d.sealedNumber ?? null,
  updatedAt: d.updatedAt,
});
