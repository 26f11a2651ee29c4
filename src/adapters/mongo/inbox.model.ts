import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import type { InboxMessage } from '../../domain/inbox';
import { schemaOptions } from './mongo-schema-options';

export type InboxDoc = Omit<InboxMessage, 'key'> & { _id: string };

export const inboxSchema = new Schema<InboxDoc>(
  {
    _id: { type: String, required: true, maxlength: 200 },
    channel: { type: String, required: true, maxlength: 32 },
    messageId: { type: String, required: true, maxlength: 160 },
    callerKey: { type: String, required: true, maxlength: 128 },
    sealedFrom: { type: String, required: true, maxlength: 512 },
    text: { type: String, required: true, maxlength: 2000 },
    receivedAt: { type: Date, required: true },
    claimedAt: { type: Date, default: null },
    claimedBy: { type: String, maxlength: 128, default: null },
  },
  schemaOptions('inbox'),
);
inboxSchema.index({ claimedAt: 1, receivedAt: 1 });

export function inboxModel(conn: Connection): Model<InboxDoc> {
  return (conn.models.Inbox as Model<InboxDoc> | undefined) ?? conn.model<InboxDoc>('Inbox', inboxSchema);
}

export const inboxFromDoc = (d: InboxDoc): InboxMessage => ({
  key: d._id,
  channel: d.channel,
  messageId: d.messageId,
  callerKey: d.callerKey,
  sealedFrom: d.sealedFrom,
  text: d.text,
  receivedAt: d.receivedAt,
  claimedAt: d.claimedAt ?? null,
  claimedBy: d.claimedBy ?? null,
});
