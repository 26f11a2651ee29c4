import { OUTBOX_CLAIM_LEASE_MS, type OutboxMessage } from '../../src/domain/ports';
import { at, sealer } from './store-fixtures';
import type { StoreRef } from './store-fixtures';

const message = (dedupeKey: string, notBefore: Date) => ({
  dedupeKey,
  callerKey: `caller-${dedupeKey}`,
  sealedTo: sealer.seal('+22370123456'),
  text: 'Votre code: K7P2',
  notBefore,
  createdAt: at(0),
});

export function describeMessagingContract(store: StoreRef): void {
  describe('outbox', () => {
    it('when the same dedupeKey is enqueued twice, then the first message is returned and kept alone', async () => {
      const o = store().outbox;
      const first = await o.enqueue(message('job-1', at(0)));
      expect(first).toEqual({
        ...message('job-1', at(0)),
        sealedTo: first.sealedTo,
        id: expect.any(String),
        claimedAt: null,
        claimedBy: null,
      });
      const again = await o.enqueue({ ...message('job-1', at(5000)), text: 'autre' });
      expect(again).toEqual(first);
      expect(await o.countPending()).toBe(1);
    });

    it('when two workers claim at once, then no message goes to both and not-due ones stay', async () => {
      const o = store().outbox;
      for (let i = 0; i < 5; i += 1) await o.enqueue(message(`due-${i}`, at(i * 1000)));
      await o.enqueue(message('later', at(60_000)));
      const now = at(10_000);
      const [w1, w2] = await Promise.all([o.claim('w1', now, 3), o.claim('w2', now, 3)]);
      const ids = [...w1, ...w2].map((m) => m.id);
      expect(ids).toHaveLength(5);
      expect(new Set(ids).size).toBe(5);
      for (const m of w1) expect(m).toMatchObject({ claimedBy: 'w1', claimedAt: now });
      for (const m of w2) expect(m).toMatchObject({ claimedBy: 'w2', claimedAt: now });
      expect([...w1, ...w2].map((m: OutboxMessage) => m.dedupeKey)).not.toContain('later');
      expect(await o.claim('w3', now, 10)).toEqual([]);
      // A minute later the five are still held by live claims; only the message now due is handed out.
      const late = await o.claim('w3', at(60_000), 10);
      expect(late.map((m) => m.dedupeKey)).toEqual(['later']);
    });

    it('when a worker died holding a claim, then the message is claimable again after the lease', async () => {
      const o = store().outbox;
      await o.enqueue(message('orphan', at(0)));
      expect(await o.claim('dead-worker', at(1000), 10)).toHaveLength(1);
      expect(await o.claim('w2', at(1000 + OUTBOX_CLAIM_LEASE_MS - 1), 10)).toEqual([]);
      const [again] = await o.claim('w2', at(1000 + OUTBOX_CLAIM_LEASE_MS + 1), 10);
      expect(again).toMatchObject({ dedupeKey: 'orphan', claimedBy: 'w2' });
    });

    it('when a claimed message is released, then it is due again only from its new time, to any worker', async () => {
      const o = store().outbox;
      await o.enqueue(message('rearm', at(1000)));
      const [claimed] = await o.claim('w1', at(2000), 10);
      await o.release(claimed!.id, at(60_000));
      expect(await o.claim('w2', at(59_999), 10)).toEqual([]);
      const [again] = await o.claim('w2', at(60_000), 10);
      expect(again).toMatchObject({ id: claimed!.id, notBefore: at(60_000), claimedBy: 'w2' });
      expect(await o.countPending()).toBe(1);
    });

    it('when messages are claimed, then they come earliest first and removal takes them out', async () => {
      const o = store().outbox;
      await o.enqueue(message('b', at(2000)));
      await o.enqueue(message('a', at(1000)));
      const claimed = await o.claim('w1', at(5000), 10);
      expect(claimed.map((m) => m.dedupeKey)).toEqual(['a', 'b']);
      expect(await o.countPending()).toBe(2);
      await o.remove(claimed[0]!.id);
      expect(await o.countPending()).toBe(1);
    });

    it('when a message is removed by its dedupeKey, then only that one goes and an unknown key is a no-op', async () => {
      const o = store().outbox;
      await o.enqueue(message('keep', at(1000)));
      await o.enqueue(message('sent', at(1000)));
      await o.removeByDedupeKey('sent');
      await o.removeByDedupeKey('never-there');
      const left = await o.claim('w1', at(5000), 10);
      expect(left.map((m) => m.dedupeKey)).toEqual(['keep']);
    });
  });

  describe('SMS delivery log', () => {
    it('when a message is sent and then delivered, then the log follows; a repeat changes nothing', async () => {
      const l = store().smsLog;
      await l.recordSent({
        messageId: 'ATXid_1',
        jobId: 'job-1',
        callerKey: 'ck-1',
        status: 'Sent',
        at: at(0),
      });
      expect(await l.find('ATXid_1')).toEqual({
        messageId: 'ATXid_1',
        jobId: 'job-1',
        callerKey: 'ck-1',
        status: 'Sent',
        failureReason: null,
        updatedAt: at(0),
      });
      expect(await l.recordDelivery('ATXid_1', 'Failed', 'UserInBlacklist', at(1000))).toBe(true);
      expect(await l.recordDelivery('ATXid_1', 'Failed', 'UserInBlacklist', at(2000))).toBe(true);
      expect(await l.find('ATXid_1')).toEqual({
        messageId: 'ATXid_1',
        jobId: 'job-1',
        callerKey: 'ck-1',
        status: 'Failed',
        failureReason: 'UserInBlacklist',
        updatedAt: at(1000),
      });
    });

    it('when the messageId is unknown, then recordDelivery returns false and stores nothing', async () => {
      expect(await store().smsLog.recordDelivery('ATXid_none', 'Success', null, at(0))).toBe(false);
      expect(await store().smsLog.find('ATXid_none')).toBeNull();
    });

    it('when recordSent is repeated, then the first entry stays', async () => {
      const l = store().smsLog;
      await l.recordSent({
        messageId: 'ATXid_2',
        jobId: 'job-2',
        callerKey: null,
        status: 'Sent',
        at: at(0),
      });
      await l.recordSent({
        messageId: 'ATXid_2',
        jobId: 'job-2',
        callerKey: 'ck-2',
        status: 'Queued',
        at: at(1000),
      });
      expect(await l.find('ATXid_2')).toMatchObject({ status: 'Sent', callerKey: null, updatedAt: at(0) });
    });
  });
}
