import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import type { SmsLogEntry } from '../../domain/ports';
import { schemaOptions } from './mongo-schema-options';

/** Keyed by the gateway's messageId, which delivery callbacks carry. */
export type SmsLogDoc = Omit<SmsLogEntry, 'messageId'> & { _id: string };

export const smsLogSchema = new Schema<SmsLogDoc>(
  {
    _id: { type: String, required: true, maxlength: 128 },
    jobId: { type: String, required: true, maxlength: 200 },
    callerKey: { type: String, maxlength: 128, default: null },
    status: { type: String, required: true, maxlength: 64 },
    failureReason: { type: String, maxlength: 200, default: null },
    updatedAt: { type: Date, required: true },
  },
  schemaOptions('sms_log'),
);
smsLogSchema.index({ jobId: 1 });

export function smsLogModel(conn: Connection): Model<SmsLogDoc> {
  return (
    (conn.models.SmsLog as Model<SmsLogDoc> | undefined) ?? conn.model<SmsLogDoc>('SmsLog', smsLogSchema)
  );
}

export const smsLogFromDoc = (d: SmsLogDoc): SmsLogEntry => ({
  messageId: d._id,
  jobId: d.jobId,
  callerKey: d.callerKey ?? null,
  status: d.status,
  failureReason: d.failureReason ?? null,
  updatedAt: d.updatedAt,
});
