import { randomUUID } from 'node:crypto';
import { trusted } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { OUTBOX_CLAIM_LEASE_MS, type OutboxMessage, type OutboxRepository } from '../../domain/ports';
import { claimUnderLease } from './mongo-lease-claim';
import { isDuplicateKey } from './mongo-errors';
import { outboxFromDoc, outboxModel } from './outbox.model';
import type { OutboxDoc } from './outbox.model';

export class MongoOutboxRepository implements OutboxRepository {
  private readonly model: Model<OutboxDoc>;

  constructor(conn: Connection) {
    this.model = outboxModel(conn);
  }

  async enqueue(m: Omit<OutboxMessage, 'id' | 'claimedAt' | 'claimedBy'>): Promise<OutboxMessage> {
    const doc: OutboxDoc = { ...m, _id: randomUUID(), claimedAt: null, claimedBy: null };
    try {
      await this.model.create(doc);
      return outboxFromDoc(doc);
    } catch (err) {
      if (!isDuplicateKey(err, 'dedupeKey')) throw err;
      const existing = await this.model.findOne({ dedupeKey: m.dedupeKey }).lean<OutboxDoc>();
      if (!existing) throw err;
      return outboxFromDoc(existing);
    }
  }

  /** Unclaimed or past the lease (see OUTBOX_CLAIM_LEASE_MS), and due. */
  async claim(worker: string, now: Date, limit: number): Promise<OutboxMessage[]> {
    const docs = await claimUnderLease(this.model, {
      worker,
      now,
      limit,
      leaseMs: OUTBOX_CLAIM_LEASE_MS,
      due: { notBefore: trusted({ $lte: now }) },
      sort: { notBefore: 1, createdAt: 1 },
    });
    return docs.map(outboxFromDoc);
  }

  async release(id: string, notBefore: Date): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { notBefore, claimedAt: null, claimedBy: null } });
  }

  async remove(id: string): Promise<void> {
    await this.model.deleteOne({ _id: id });
  }

  async removeByDedupeKey(dedupeKey: string): Promise<void> {
    await this.model.deleteOne({ dedupeKey });
  }

  /** Every message still in the outbox, claimed or not: none of them is known to be on the queue yet. */
  async countPending(): Promise<number> {
    return this.model.countDocuments({});
  }
}
