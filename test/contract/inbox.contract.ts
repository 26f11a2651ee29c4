import { INBOX_CLAIM_LEASE_MS } from '../../src/domain/inbox';
import { at, sealer } from './store-fixtures';
import type { StoreRef } from './store-fixtures';

const inbound = (messageId: string, receivedAt = at(0)) => ({
  key: `at:${messageId}`,
  channel: 'at',
  messageId,
  callerKey: `caller-${messageId}`,
  sealedFrom: sealer.seal('+22370123456'),
  text: 'SIGNALER il me menace',
  receivedAt,
});

export function describeInboxContract(store: StoreRef): void {
  describe('inbox of inbound SMS', () => {
    it('when the same message arrives twice, then it is kept once, held by the first arrival', async () => {
      const i = store().inbox;
      expect(await i.keep(inbound('m1'), 'arrival-1', at(0))).toBe(true);
      expect(await i.keep({ ...inbound('m1'), text: 'autre' }, 'arrival-2', at(10))).toBe(false);
      expect(await i.countPending()).toBe(1);
      // Held by the arrival handling it: not handed to a drainer within the lease.
      expect(await i.claim('drainer', at(1000), 10)).toEqual([]);
      const [late] = await i.claim('drainer', at(INBOX_CLAIM_LEASE_MS + 1), 10);
      expect(late).toMatchObject({ key: 'at:m1', text: 'SIGNALER il me menace', claimedBy: 'drainer' });
      expect(sealer.open(late!.sealedFrom)).toBe('+22370123456');
    });

    it('when a message is released, then a drainer claims it, oldest first, never two drainers the same', async () => {
      const i = store().inbox;
      await i.keep(inbound('late', at(2000)), 'a', at(2000));
      await i.keep(inbound('early', at(1000)), 'a', at(1000));
      await i.release('at:late');
      await i.release('at:early');
      const [d1, d2] = await Promise.all([i.claim('d1', at(3000), 1), i.claim('d2', at(3000), 1)]);
      const keys = [...d1, ...d2].map((m) => m.key).sort();
      expect(keys).toEqual(['at:early', 'at:late']);
      expect(await i.claim('d3', at(3000), 10)).toEqual([]);
    });

    it('when a message is removed, then it is gone and a new arrival of it is kept again', async () => {
      const i = store().inbox;
      await i.keep(inbound('m2'), 'a', at(0));
      await i.remove('at:m2');
      await i.remove('at:never');
      expect(await i.countPending()).toBe(0);
      expect(await i.keep(inbound('m2'), 'b', at(5))).toBe(true);
    });
  });
}
