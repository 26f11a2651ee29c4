import mongoose, { Error as MongooseError, trusted } from 'mongoose';
import type { Connection } from 'mongoose';
import { inboxModel } from '../../src/adapters/mongo/inbox.model';
import { claimUnderLease } from '../../src/adapters/mongo/mongo-lease-claim';
import { outboxModel } from '../../src/adapters/mongo/outbox.model';

// Never opened, filters sanitised as in production: a query that casts fails only for want of a server.
let conn: Connection;
beforeAll(() => {
  conn = mongoose.createConnection();
  conn.set('sanitizeFilter', true);
  (conn.config as { bufferCommands?: boolean }).bufferCommands = false;
});
afterAll(async () => {
  await conn.close();
});

const NOW = new Date('2026-12-03T10:00:00Z');

describe('claims under a lease (outbox and inbox on MongoDB)', () => {
  it('when the outbox and the inbox are claimed, then their lease and due filters survive sanitising and cast', async () => {
    const options = { worker: 'w1', now: NOW, limit: 5, leaseMs: 60_000 };
    await expect(
      claimUnderLease(outboxModel(conn), {
        ...options,
        due: { notBefore: trusted({ $lte: NOW }) },
        sort: { notBefore: 1, createdAt: 1 },
      }),
    ).rejects.toThrow(/before initial connection/);
    await expect(claimUnderLease(inboxModel(conn), { ...options, sort: { receivedAt: 1 } })).rejects.toThrow(
      /before initial connection/,
    );
  });

  it('when a due filter is not marked trusted, then sanitising turns it into a value that cannot cast', async () => {
    await expect(
      claimUnderLease(outboxModel(conn), {
        worker: 'w1',
        now: NOW,
        limit: 1,
        leaseMs: 60_000,
        due: { notBefore: { $lte: NOW } },
        sort: { notBefore: 1 },
      }),
    ).rejects.toThrow(MongooseError.CastError);
  });

  it('when an inbox message lacks fields or carries too long a text, then it is refused', async () => {
    const Inbox = inboxModel(conn);
    const bad = new Inbox({ _id: 'at:1', channel: 'at', text: 'x'.repeat(2001), receivedAt: NOW });
    const err = await bad.validate().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MongooseError.ValidationError);
    expect(Object.keys((err as MongooseError.ValidationError).errors).sort()).toEqual([
      'callerKey',
      'messageId',
      'sealedFrom',
      'text',
    ]);
  });
});
