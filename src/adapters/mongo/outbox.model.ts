import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import type { OutboxMessage } from '../../domain/ports';
import { schemaOptions } from './mongo-schema-options';

export type OutboxDoc = Omit<OutboxMessage, 'id'> & { _id: string };

export const outboxSchema = new Schema<OutboxDoc>(
  {
    _id: { type: String, required: true, maxlength: 64 },
    dedupeKey: { type: String, required: true, maxlength: 200 },
    callerKey: { type: String, required: true, maxlength: 128 },
    sealedTo: { type: String, required: true, maxlength: 512 },
    text: { type: String, required: true, maxlength: 1600 },
    notBefore: { type: Date, required: true },
    createdAt: { type: Date, required: true },
    claimedAt: { type: Date, default: null },
    claimedBy: { type: String, maxlength: 128, default: null },
  },
  schemaOptions('outbox'),
);
outboxSchema.index({ dedupeKey: 1 }, { unique: true });
outboxSchema.index({ claimedAt: 1, notBefore: 1, createdAt: 1 });

export function outboxModel(conn: Connection): Model<OutboxDoc> {
  return (
    (conn.models.Outbox as Model<OutboxDoc> | undefined) ?? conn.model<OutboxDoc>('Outbox', outboxSchema)
  );
}

export const outboxFromDoc = (d: OutboxDoc): OutboxMessage => ({
  id: d._id,
  dedupeKey: d.dedupeKey,
  callerKey: d.callerKey,
  sealedTo: d.sealedTo,
  text: d.text,
  notBefore: d.notBefore,
  createdAt: d.createdAt,
  claimedAt: d.claimedAt ?? null,
  claimedBy: d.claimedBy ?? null,
});
