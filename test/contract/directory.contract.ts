import type { NewDirectoryRecord } from '../../src/domain/directory/directory-record';
import { ConflictError } from '../../src/domain/errors';
import { DAY, at } from './store-fixtures';
import type { StoreRef } from './store-fixtures';

const entry = (id: string, overrides: Partial<NewDirectoryRecord> = {}): NewDirectoryRecord => ({
  id,
  name: `Contact ${id}`,
  label: null,
  regions: ['bamako'],
  kind: 'hotline',
  phone: '80 00 11 32',
  address: null,
  source: 'https://example.org/source',
  verified: false,
  note: null,
  fromSources: false,
  origin: 'yaml',
  ...overrides,
});

export function describeDirectoryContract(store: StoreRef): void {
  describe('support directory', () => {
    it('when the YAML is seeded into an empty table, then every entry is stored as given, in order', async () => {
      const d = store().directory;
      const police = entry('police_17', {
        phone: '17',
        fromSources: true,
        verified: '2025-11-28',
        regions: ['bamako', 'kayes'],
        kind: 'police',
      });
      const gbv = entry('gbv', { label: { fr: 'Violences (gratuit)', bm: 'Musow' }, note: 'à appeler' });
      const osc = entry('osc', { phone: null, address: 'CSRef Commune I', kind: 'one_stop_center' });
      expect(await d.addMissing([police, gbv, osc], at(0))).toEqual(['police_17', 'gbv', 'osc']);
      const all = await d.list();
      expect(all.map((c) => c.id)).toEqual(['police_17', 'gbv', 'osc']);
      expect(all[0]).toEqual({
        ...police,
        position: 0,
        phoneChangedAt: null,
        createdAt: at(0),
        updatedAt: at(0),
        updatedBy: null,
      });
      expect(all[1]?.label).toEqual({ fr: 'Violences (gratuit)', bm: 'Musow' });
      expect(all[2]).toMatchObject({ phone: null, address: 'CSRef Commune I', verified: false, position: 2 });
      expect(await d.get('gbv')).toEqual(all[1]);
      expect(await d.get('nobody')).toBeNull();
    });

    it('when seeding runs again with a new YAML entry, then only the missing id is added, after the others, and edits are kept', async () => {
      const d = store().directory;
      await d.addMissing([entry('a'), entry('b')], at(0));
      await d.update('a', { name: 'Nom corrigé', phone: '80 00 11 33' }, at(DAY), 'sup1');
      const added = await d.addMissing(
        [entry('a', { name: 'Nom du YAML' }), entry('b'), entry('c')],
        at(2 * DAY),
      );
      expect(added).toEqual(['c']);
      const all = await d.list();
      expect(all.map((c) => [c.id, c.position])).toEqual([
        ['a', 0],
        ['b', 1],
        ['c', 2],
      ]);
      expect(all[0]).toMatchObject({ name: 'Nom corrigé', phone: '80 00 11 33', updatedBy: 'sup1' });
      expect(await d.addMissing([entry('a'), entry('c')], at(3 * DAY))).toEqual([]);
    });

    it('when a supervisor adds a contact, then it comes last; the same id again is a conflict', async () => {
      const d = store().directory;
      await d.addMissing([entry('a')], at(0));
      const added = await d.add(entry('new_line', { origin: 'console', source: null }), at(DAY), 'sup1');
      expect(added).toMatchObject({
        id: 'new_line',
        position: 1,
        origin: 'console',
        source: null,
        updatedBy: 'sup1',
      });
      expect(await d.get('new_line')).toEqual(added);
      await expect(d.add(entry('a', { origin: 'console' }), at(DAY), 'sup1')).rejects.toBeInstanceOf(
        ConflictError,
      );
      expect((await d.list()).map((c) => c.id)).toEqual(['a', 'new_line']);
    });

    it('when a contact is updated, then only the given fields change (null clears); an unknown id gives null', async () => {
      const d = store().directory;
      await d.addMissing([entry('a', { label: { fr: 'A', bm: 'A' }, note: 'n' })], at(0));
      const updated = await d.update(
        'a',
        { regions: ['kayes', 'other'], label: null, note: null, phoneChangedAt: at(DAY), fromSources: false },
        at(DAY),
        'sup2',
      );
      expect(updated).toMatchObject({
        name: 'Contact a',
        phone: '80 00 11 32',
        regions: ['kayes', 'other'],
        label: null,
        note: null,
        phoneChangedAt: at(DAY),
        updatedAt: at(DAY),
        updatedBy: 'sup2',
        createdAt: at(0),
      });
      expect(await d.get('a')).toEqual(updated);
      expect(await d.update('nobody', { name: 'x' }, at(DAY), 'sup2')).toBeNull();
    });

    it('when nothing was seeded, then the directory is empty', async () => {
      expect(await store().directory.list()).toEqual([]);
    });
  });
}
