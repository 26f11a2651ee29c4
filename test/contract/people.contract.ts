import { ConflictError, NotFoundError } from '../../src/domain/errors';
import type { Counsellor, Subscriber } from '../../src/domain/ports';
import { DAY, at, sealer } from './store-fixtures';
import type { StoreRef } from './store-fixtures';

const SEALED = sealer.seal('+22370123456');

const subscriber = (key: string, overrides: Partial<Subscriber> = {}): Subscriber => ({
  callerKey: key,
  locale: 'bm',
  tips: true,
  suppressed: false,
  suppressedReason: null,
  tipIndex: 0,
  safeHours: { start: 9, end: 18 },
  sealedNumber: SEALED,
  updatedAt: at(0),
  ...overrides,
});

const counsellor = (email: string): Omit<Counsellor, 'id'> => ({
  email,
  displayName: 'Awa',
  role: 'counsellor',
  passwordHash: 'scrypt$abc',
  failedLogins: 0,
  lockedUntil: null,
  active: true,
  createdAt: at(0),
});

export function describePeopleContract(store: StoreRef): void {
  describe('subscribers', () => {
    it('when upserted twice, then the second settings replace the first', async () => {
      const s = store().subscribers;
      expect(await s.upsert(subscriber('k1'))).toEqual(subscriber('k1'));
      const changed = subscriber('k1', { locale: 'fr', tips: false, tipIndex: 4, updatedAt: at(DAY) });
      await s.upsert(changed);
      expect(await s.find('k1')).toEqual(changed);
      expect(await s.find('unknown')).toBeNull();
    });

    it('when an unknown caller is suppressed, then a record is created and isSuppressed is true', async () => {
      const s = store().subscribers;
      expect(await s.isSuppressed('k2')).toBe(false);
      await s.suppress('k2', 'stop', at(0));
      expect(await s.isSuppressed('k2')).toBe(true);
      expect(await s.find('k2')).toMatchObject({
        suppressed: true,
        suppressedReason: 'stop',
        tips: false,
        sealedNumber: null,
      });
    });

    it('when a subscriber is suppressed then unsuppressed, then settings are kept and tips are not resumed by itself', async () => {
      const s = store().subscribers;
      await s.upsert(subscriber('k3', { tips: true }));
      await s.suppress('k3', 'blacklisted', at(DAY));
      expect(await s.find('k3')).toMatchObject({
        suppressed: true,
        suppressedReason: 'blacklisted',
        locale: 'bm',
        updatedAt: at(DAY),
      });
      expect((await s.listTipSubscribers({ limit: 10 })).items).toEqual([]);
      await s.unsuppress('k3', at(2 * DAY));
      expect(await s.isSuppressed('k3')).toBe(false);
      expect(await s.find('k3')).toMatchObject({ suppressed: false, suppressedReason: null, tips: true });
      await s.unsuppress('nobody', at(0));
      expect(await s.find('nobody')).toBeNull();
    });

    it('when advanceTip is called, even concurrently, then each call gets the next index once', async () => {
      const s = store().subscribers;
      await s.upsert(subscriber('k4', { tipIndex: 2 }));
      const got = await Promise.all([s.advanceTip('k4'), s.advanceTip('k4'), s.advanceTip('k4')]);
      expect([...got].sort()).toEqual([2, 3, 4]);
      expect((await s.find('k4'))!.tipIndex).toBe(5);
      await expect(s.advanceTip('missing')).rejects.toBeInstanceOf(NotFoundError);
    });

    it('when listing tip subscribers, then only unsuppressed ones with tips and a number come, paged', async () => {
      const s = store().subscribers;
      for (const key of ['a1', 'a2', 'a3']) await s.upsert(subscriber(key));
      await s.upsert(subscriber('b-no-tips', { tips: false }));
      await s.upsert(subscriber('b-no-number', { sealedNumber: null }));
      await s.upsert(subscriber('b-stopped', { suppressed: true, suppressedReason: 'stop' }));
      const first = await s.listTipSubscribers({ limit: 2 });
      const second = await s.listTipSubscribers({ limit: 2, cursor: first.nextCursor });
      expect([...first.items, ...second.items].map((x) => x.callerKey)).toEqual(['a1', 'a2', 'a3']);
      expect(second.nextCursor).toBeNull();
    });
  });

  describe('counsellors', () => {
    it('when created, then found by id and by email whatever its case, and listed', async () => {
      const c = store().counsellors;
      const awa = await c.create(counsellor('Awa@Example.org'));
      expect(awa).toEqual({ ...counsellor('Awa@Example.org'), id: expect.any(String) });
      expect(await c.findById(awa.id)).toEqual(awa);
      expect(await c.findByEmail('awa@example.org')).toEqual(awa);
      expect(await c.findByEmail('other@example.org')).toBeNull();
      expect(await c.list()).toEqual([awa]);
    });

    it('when an email is already used, then create and update throw ConflictError', async () => {
      const c = store().counsellors;
      await c.create(counsellor('a@example.org'));
      const b = await c.create(counsellor('b@example.org'));
      await expect(c.create(counsellor('A@example.org'))).rejects.toBeInstanceOf(ConflictError);
      await expect(c.update(b.id, { email: 'a@example.org' })).rejects.toBeInstanceOf(ConflictError);
    });

    it('when updated, then only the patched fields change; an unknown id is NotFoundError', async () => {
      const c = store().counsellors;
      const awa = await c.create(counsellor('awa@example.org'));
      const locked = await c.update(awa.id, { failedLogins: 5, lockedUntil: at(DAY), role: 'supervisor' });
      expect(locked).toEqual({ ...awa, failedLogins: 5, lockedUntil: at(DAY), role: 'supervisor' });
      const unlocked = await c.update(awa.id, { failedLogins: 0, lockedUntil: null, active: false });
      expect(await c.findById(awa.id)).toEqual({
        ...locked,
        failedLogins: 0,
        lockedUntil: null,
        active: false,
      });
      expect(unlocked.active).toBe(false);
      await expect(
        c.update('00000000-0000-4000-8000-000000000000', { active: false }),
      ).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  describe('console sessions', () => {
    const session = (id: string, lastSeenAt: Date) => ({
      id,
      counsellorId: 'c1',
      csrfToken: `csrf-${id}`,
      createdAt: at(0),
      lastSeenAt,
    });

    it('when created, touched and deleted, then find follows each step', async () => {
      const s = store().sessions;
      expect(await s.create(session('s1', at(0)))).toEqual(session('s1', at(0)));
      expect(await s.find('s1')).toEqual(session('s1', at(0)));
      await s.touch('s1', at(60_000));
      expect((await s.find('s1'))!.lastSeenAt).toEqual(at(60_000));
      await s.delete('s1');
      expect(await s.find('s1')).toBeNull();
    });

    it('when idle sessions are deleted, then only those last seen before the limit go', async () => {
      const s = store().sessions;
      await s.create(session('old', at(0)));
      await s.create(session('older', at(-60_000)));
      await s.create(session('fresh', at(30 * 60_000)));
      expect(await s.deleteIdleSince(at(60_000))).toBe(2);
      expect(await s.find('old')).toBeNull();
      expect(await s.find('fresh')).not.toBeNull();
    });
  });
}
