import { DAY, at } from './store-fixtures';
import type { StoreRef } from './store-fixtures';

export function describeTestCallsContract(store: StoreRef): void {
  describe('test calls of directory contacts', () => {
    it('when a call is added, then it is returned with an id, the note kept or absent', async () => {
      const t = store().testCalls;
      const withNote = await t.add({
        contactId: 'gbv_line',
        outcome: 'confirmed',
        by: 'sup1',
        at: at(0),
        note: 'Répond 24 h sur 24',
      });
      expect(withNote).toEqual({
        id: expect.any(String),
        contactId: 'gbv_line',
        outcome: 'confirmed',
        by: 'sup1',
        at: at(0),
        note: 'Répond 24 h sur 24',
      });
      const bare = await t.add({ contactId: 'police_17', outcome: 'no_answer', by: 'sup2', at: at(1) });
      expect(bare).not.toHaveProperty('note');
      expect(bare.id).not.toBe(withNote.id);
      expect(await t.listForContact('police_17', 10)).toEqual([bare]);
    });

    it('when a contact has several calls, then latestPerContact gives only the newest of each, whatever the order added', async () => {
      const t = store().testCalls;
      const gbvNew = await t.add({
        contactId: 'gbv_line',
        outcome: 'wrong_number',
        by: 's',
        at: at(5 * DAY),
      });
      await t.add({ contactId: 'gbv_line', outcome: 'confirmed', by: 's', at: at(DAY) });
      await t.add({ contactId: 'police_17', outcome: 'changed', by: 's', at: at(0) });
      const policeNew = await t.add({
        contactId: 'police_17',
        outcome: 'confirmed',
        by: 's',
        at: at(2 * DAY),
      });
      const latest = await t.latestPerContact();
      expect(latest).toHaveLength(2);
      expect(latest).toEqual(expect.arrayContaining([gbvNew, policeNew]));
    });

    it('when one contact’s calls are listed, then newest first, limited, and no other contact’s', async () => {
      const t = store().testCalls;
      const calls = [];
      for (let i = 0; i < 4; i += 1) {
        calls.push(await t.add({ contactId: 'wildaf', outcome: 'no_answer', by: 's', at: at(i * DAY) }));
      }
      await t.add({ contactId: 'other', outcome: 'confirmed', by: 's', at: at(9 * DAY) });
      expect(await t.listForContact('wildaf', 3)).toEqual([calls[3], calls[2], calls[1]]);
      expect(await t.listForContact('nobody', 3)).toEqual([]);
    });

    it('when nothing was recorded, then latestPerContact is empty', async () => {
      expect(await store().testCalls.latestPerContact()).toEqual([]);
    });
  });
}
