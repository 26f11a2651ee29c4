import type { Connection, Model } from 'mongoose';
import { INBOX_CLAIM_LEASE_MS, type InboxMessage, type InboxRepository } from '../../domain/inbox';
import { claimUnderLease } from './mongo-lease-claim';
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

  /** Unclaimed or past the lease (see INBOX_CLAIM_LEASE_MS), oldest first. */
  async claim(worker: string, now: Date, limit: number): Promise<InboxMessage[]> {
    const docs = await claimUnderLease(this.model, {
      worker,
      now,
      limit,
      leaseMs: INBOX_CLAIM_LEASE_MS,
      sort: { receivedAt: 1 },
    });
    return docs.map(inboxFromDoc);
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
