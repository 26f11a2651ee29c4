import { trusted } from 'mongoose';
import type { Model } from 'mongoose';
import { pageSize } from '../store-cursor';

interface Leased {
  claimedAt: Date | null;
  claimedBy: string | null;
}

/**
 * Claims up to `limit` documents for `worker`: unclaimed ones, and ones whose claim is older than
 * `leaseMs` (a holder that died before finishing), matching `due`, in `sort` order. One findOneAndUpdate
 * per document: each is atomic on the server, so two workers never share one. The outbox and the inbox.
 */
export async function claimUnderLease<D extends Leased>(
  model: Model<D>,
  opts: {
    worker: string;
    now: Date;
    limit: number;
    leaseMs: number;
    due?: Record<string, unknown>;
    sort: Record<string, 1 | -1>;
  },
): Promise<D[]> {
  const claimed: D[] = [];
  const max = opts.limit >= 1 ? pageSize(opts.limit) : 0;
  const filter = {
    $or: [{ claimedAt: null }, { claimedAt: trusted({ $lt: new Date(opts.now.getTime() - opts.leaseMs) }) }],
    ...opts.due,
  };
  while (claimed.length < max) {
    const doc = await model
      .findOneAndUpdate(
        filter,
        { $set: { claimedAt: opts.now, claimedBy: opts.worker } },
        {
          sort: opts.sort,
          returnDocument: 'after',
        },
      )
      .lean<D>();
    if (!doc) break;
    claimed.push(doc);
  }
  return claimed;
}
