import { trusted } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { NotFoundError } from '../../domain/errors';
import type { Subscriber, SubscriberRepository } from '../../domain/ports';
import type { Page } from '../../domain/reports/report';
import { decodeCursor, encodeCursor, keyCursorSchema, pageSize } from '../store-cursor';
import { subscriberFromDoc, subscriberModel, subscriberToDoc } from './subscriber.model';
import type { SubscriberDoc } from './subscriber.model';

/** Settings given to a caller first known through an opt-out: no tips, default hours, no number. */
const OPT_OUT_DEFAULTS = {
  locale: 'fr',
  tips: false,
  tipIndex: 0,
  safeHours: { start: 8, end: 20 },
  sealedNumber: null,
};

export class MongoSubscriberRepository implements SubscriberRepository {
  private readonly model: Model<SubscriberDoc>;

  constructor(conn: Connection) {
    this.model = subscriberModel(conn);
  }

  async find(callerKey: string): Promise<Subscriber | null> {
    const doc = await this.model.findById(callerKey).lean<SubscriberDoc>();
    return doc ? subscriberFromDoc(doc) : null;
  }

  async upsert(s: Subscriber): Promise<Subscriber> {
    const doc = subscriberToDoc(s);
    await this.model.replaceOne({ _id: s.callerKey }, doc, { upsert: true, runValidators: true });
    return subscriberFromDoc(doc);
  }

  async suppress(callerKey: string, reason: 'stop' | 'blacklisted', at: Date): Promise<void> {
    await this.model.updateOne(
      { _id: callerKey },
      { $set: { suppressed: true, suppressedReason: reason, updatedAt: at }, $setOnInsert: OPT_OUT_DEFAULTS },
      { upsert: true, runValidators: true, setDefaultsOnInsert: false },
    );
  }

  async unsuppress(callerKey: string, at: Date): Promise<void> {
    await this.model.updateOne(
      { _id: callerKey },
      { $set: { suppressed: false, suppressedReason: null, updatedAt: at } },
    );
  }

  async isSuppressed(callerKey: string): Promise<boolean> {
    return (await this.model.exists({ _id: callerKey, suppressed: true })) !== null;
  }

  async advanceTip(callerKey: string): Promise<number> {
    // One atomic $inc; the document from before it carries the index this caller gets.
    const before = await this.model
      .findOneAndUpdate({ _id: callerKey }, { $inc: { tipIndex: 1 } }, { returnDocument: 'before' })
      .lean<SubscriberDoc>();
    if (!before) throw new NotFoundError('subscriber');
    return before.tipIndex;
  }

  async listTipSubscribers(page: { limit: number; cursor?: string | null }): Promise<Page<Subscriber>> {
    const limit = pageSize(page.limit);
    const after = decodeCursor(page.cursor, keyCursorSchema);
    const docs = await this.model
      .find({
        tips: true,
        suppressed: false,
        sealedNumber: trusted({ $ne: null }),
        ...(after ? { _id: trusted({ $gt: after[0] }) } : {}),
      })
      .sort({ _id: 1 })
      .limit(limit + 1)
      .lean<SubscriberDoc[]>();
    const items = docs.slice(0, limit).map(subscriberFromDoc);
    const last = items.at(-1);
    return { items, nextCursor: docs.length > limit && last ? encodeCursor([last.callerKey]) : null };
  }
}
