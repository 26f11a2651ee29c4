import type { AuditEntry } from '../../src/domain/ports';
import { at } from './store-fixtures';
import type { StoreRef } from './store-fixtures';

export function describeAuditContract(store: StoreRef): void {
  describe('audit log', () => {
    it('when entries are appended, then they are listed newest first across pages', async () => {
      const appended: AuditEntry[] = [];
      for (let i = 0; i < 5; i += 1) {
        appended.push(
          await store().audit.append({
            at: at(i * 1000),
            actorId: i % 2 === 0 ? 'c1' : null,
            action: i === 4 ? 'report.reveal_contact' : 'report.view',
            reportId: 'r1',
            details: { step: i, ok: true, note: null },
          }),
        );
      }
      expect(appended[0]).toEqual({
        id: expect.any(String),
        at: at(0),
        actorId: 'c1',
        action: 'report.view',
        reportId: 'r1',
        details: { step: 0, ok: true, note: null },
      });

      const first = await store().audit.list({}, { limit: 2 });
      const second = await store().audit.list({}, { limit: 2, cursor: first.nextCursor });
      const third = await store().audit.list({}, { limit: 2, cursor: second.nextCursor });
      expect([...first.items, ...second.items, ...third.items]).toEqual([...appended].reverse());
      expect(third.nextCursor).toBeNull();
    });

    it('when filtered by report, actor or action, then only matching entries are listed', async () => {
      const a = store().audit;
      await a.append({ at: at(0), actorId: 'c1', action: 'report.view', reportId: 'r1', details: {} });
      await a.append({ at: at(1), actorId: 'c2', action: 'report.view', reportId: 'r2', details: {} });
      await a.append({
        at: at(2),
        actorId: null,
        action: 'retention.purge',
        reportId: null,
        details: { n: 1 },
      });
      const actions = async (f: Parameters<typeof a.list>[0]): Promise<string[]> =>
        (await a.list(f, { limit: 10 })).items.map((e) => `${e.action}:${e.actorId ?? 'system'}`);
      expect(await actions({ reportId: 'r2' })).toEqual(['report.view:c2']);
      expect(await actions({ actorId: 'c1' })).toEqual(['report.view:c1']);
      expect(await actions({ action: 'retention.purge' })).toEqual(['retention.purge:system']);
      expect(await actions({ action: 'report.view', actorId: 'c2' })).toEqual(['report.view:c2']);
    });
  });
}
