import { trusted } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { INBOX_CLAIM_LEASE_MS, type InboxMessage, type InboxRepository } from '../../domain/inbox';
import { pageSize } from '../store-cursor';
import { isDuplicateKey } from './mongo-errors';
import { inboxFromDoc, inboxModel, type InboxDoc } from './inbox.model';

export class MongoInboxRepository implements InboxRepository {
  private readonly model: Model<InboxDoc>;

  constructor(conn: Connection) {
    this.model = inboxModel(conn);
  }

  async keep(
    m: Omit<InboxMessage, 'claimedAt' | 'claimedBy'>,
    claimedBy: string,
    now: Date,
  ): Promise<boolean> {
    const { key, ...rest } = m;
    try {
      await this.model.create({ ...rest, _id: key, claimedAt: now, claimedBy });
      return true;
    } catch (err) {
      if (isDuplicateKey(err, '_id')) return false;
      throw err;
    }
  }

  /** One findOneAndUpdate per message: each is atomic on the server, so two drainers never share one. */
  async claim(worker: string, now: Date, limit: number): Promise<InboxMessage[]> {
    const claimed: InboxMessage[] = [];
    const max = limit >= 1 ? pageSize(limit) : 0;
    while (claimed.length < max) {
      const doc = await this.model
        .findOneAndUpdate(
          {
            $or: [
              { claimedAt: null },
              { claimedAt: trusted({ $lt: new Date(now.getTime() - INBOX_CLAIM_LEASE_MS) }) },
            ],
          },
          { $set: { claimedAt: now, claimedBy: worker } },
          { sort: { receivedAt: 1 }, returnDocument: 'after' },
        )
        .lean<InboxDoc>();
      if (!doc) break;
      claimed.push(inboxFromDoc(doc));
    }
    return claimed;
  }

  async release(key: string): Promise<void> {
    await this.model.updateOne({ _id: key }, { $set: { claimedAt: null, claimedBy: null } });
  }

  async remove(key: string): Promise<void> {
    await this.model.deleteOne({ _id: key });
  }

  async countPending(): Promise<number> {
    return this.model.countDocuments({});
  }
}
