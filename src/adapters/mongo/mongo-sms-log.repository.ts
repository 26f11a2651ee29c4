import type { Connection, Model } from 'mongoose';
import type { SmsLogEntry, SmsLogRepository } from '../../domain/ports';
import { smsLogFromDoc, smsLogModel } from './sms-log.model';
import type { SmsLogDoc } from './sms-log.model';

export class MongoSmsLogRepository implements SmsLogRepository {
  private readonly model: Model<SmsLogDoc>;

  constructor(conn: Connection) {
    this.model = smsLogModel(conn);
  }

  async recordSent(e: Omit<SmsLogEntry, 'updatedAt' | 'failureReason'> & { at: Date }): Promise<void> {
    await this.model.updateOne(
      { _id: e.messageId },
      {
        $setOnInsert: {
          jobId: e.jobId,
          callerKey: e.callerKey,
          status: e.status,
          failureReason: null,
          updatedAt: e.at,
        },
      },
      { upsert: true, runValidators: true, setDefaultsOnInsert: false },
    );
  }

  async recordDelivery(
    messageId: string,
    status: string,
    failureReason: string | null,
    at: Date,
  ): Promise<boolean> {
    // A repeated callback with the same outcome matches nothing here and changes nothing, not even updatedAt.
    const result = await this.model.updateOne(
      { _id: messageId, $nor: [{ status, failureReason }] },
      { $set: { status, failureReason, updatedAt: at } },
      { runValidators: true },
    );
    if (result.matchedCount > 0) return true;
    return (await this.model.exists({ _id: messageId })) !== null;
  }

  async find(messageId: string): Promise<SmsLogEntry | null> {
    const doc = await this.model.findById(messageId).lean<SmsLogDoc>();
    return doc ? smsLogFromDoc(doc) : null;
  }
}
