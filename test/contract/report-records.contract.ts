import { NotFoundError } from '../../src/domain/errors';
import { suppressSmallCells } from '../../src/domain/reports/statistics';
import type { NewReport, Report } from '../../src/domain/reports/report';
import { aNewReport } from '../helpers/report-fixture';
import { DAY, T0, at, sealer } from './store-fixtures';
import type { StoreRef } from './store-fixtures';

const MISSING = '00000000-0000-4000-8000-000000000000';

export function describeReportRecordsContract(store: StoreRef): void {
  describe('reports: notes, replies, referrals, take-downs', () => {
    it('when notes and replies are added, then they are listed oldest first for their report only', async () => {
      const r = store().reports;
      const report = await r.create(aNewReport());
      const other = await r.create(aNewReport());
      const n2 = await r.addNote({
        reportId: report.id,
        authorId: 'c1',
        text: 'second',
        createdAt: at(2000),
      });
      const n1 = await r.addNote({ reportId: report.id, authorId: 'c1', text: 'first', createdAt: at(1000) });
      await r.addNote({ reportId: other.id, authorId: 'c1', text: 'elsewhere', createdAt: at(0) });
      expect(n1).toEqual({
        id: expect.any(String),
        reportId: report.id,
        authorId: 'c1',
        text: 'first',
        createdAt: at(1000),
      });
      expect(await r.listNotes(report.id)).toEqual([n1, n2]);

      const reply = await r.addReply({
        reportId: report.id,
        authorId: 'c2',
        text: 'Nous sommes là',
        createdAt: at(3000),
      });
      expect(await r.listReplies(report.id)).toEqual([reply]);
      expect(await r.listReplies(other.id)).toEqual([]);
    });

    it('when referrals and take-downs are added, then they are listed and take-downs can change state', async () => {
      const r = store().reports;
      const report = await r.create(aNewReport());
      const referral = await r.addReferral({
        reportId: report.id,
        directoryEntryId: 'one-stop-bamako',
        authorId: 'c1',
        createdAt: at(1000),
      });
      expect(await r.listReferrals(report.id)).toEqual([referral]);

      const takedown = await r.addTakedown({
        reportId: report.id,
        platform: 'facebook',
        submittedOn: at(DAY),
        state: 'submitted',
        authorId: 'c1',
        updatedAt: at(DAY),
      });
      const removed = await r.updateTakedown(takedown.id, 'removed', at(3 * DAY));
      expect(removed).toEqual({ ...takedown, state: 'removed', updatedAt: at(3 * DAY) });
      expect(await r.listTakedowns(report.id)).toEqual([removed]);
    });

    it('when the report or take-down does not exist, then NotFoundError', async () => {
      const r = store().reports;
      await expect(
        r.addNote({ reportId: MISSING, authorId: 'c', text: 't', createdAt: T0 }),
      ).rejects.toBeInstanceOf(NotFoundError);
      await expect(
        r.addReply({ reportId: MISSING, authorId: 'c', text: 't', createdAt: T0 }),
      ).rejects.toBeInstanceOf(NotFoundError);
      await expect(r.updateTakedown(MISSING, 'refused', T0)).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  describe('reports: retention', () => {
    async function reportWithText(overrides: Partial<NewReport>): Promise<Report> {
      const r = store().reports;
      const report = await r.create(
        aNewReport({ contact: 'sms_or_call', sealedContact: sealer.seal('+22370123456'), ...overrides }),
      );
      await r.addNote({ reportId: report.id, authorId: 'c1', text: 'note privée', createdAt: at(1000) });
      await r.addReply({ reportId: report.id, authorId: 'c1', text: 'réponse', createdAt: at(2000) });
      return report;
    }

    it('when a report closed more than N days ago is purged, then its text and contact go and counts stay', async () => {
      const r = store().reports;
      const old = await reportWithText({});
      await r.updateStatus(old.id, { status: 'closed', outcome: 'resolved', at: at(DAY) }, 1);
      const recent = await reportWithText({});
      await r.updateStatus(recent.id, { status: 'closed', outcome: 'resolved', at: at(80 * DAY) }, 1);
      const open = await reportWithText({});

      const purgeAt = at(95 * DAY);
      const cutoff = new Date(purgeAt.getTime() - 90 * DAY);
      expect(await r.purgeClosedBefore(cutoff, purgeAt)).toBe(1);

      const purged = await r.findById(old.id);
      expect(purged).toMatchObject({
        id: old.id,
        code: old.code,
        status: 'closed',
        description: null,
        sealedContact: null,
        purgedAt: purgeAt,
      });
      expect((await r.listNotes(old.id)).map((n) => n.text)).toEqual(['']);
      expect((await r.listReplies(old.id)).map((n) => n.text)).toEqual(['']);

      for (const kept of [recent, open]) {
        const found = await r.findById(kept.id);
        expect(found).toMatchObject({
          description: kept.description,
          sealedContact: kept.sealedContact,
          purgedAt: null,
        });
        expect((await r.listNotes(kept.id)).map((n) => n.text)).toEqual(['note privée']);
        expect((await r.listReplies(kept.id)).map((n) => n.text)).toEqual(['réponse']);
      }
      const stats = await r.countByTypeRegionMonth({});
      expect(stats.reduce((sum, c) => sum + c.count, 0)).toBe(3);

      expect(await r.purgeClosedBefore(cutoff, at(96 * DAY))).toBe(0);
      expect((await r.findById(old.id))!.purgedAt).toEqual(purgeAt);
    });
  });

  describe('reports: statistics', () => {
    it('when counting, then reports are grouped by type, region (unknown when missing) and UTC month', async () => {
      const r = store().reports;
      const march = new Date('2026-03-31T23:30:00.000Z');
      const april = new Date('2026-04-01T00:30:00.000Z');
      for (let i = 0; i < 4; i += 1)
        await r.create(aNewReport({ type: 'threats', region: 'kayes', createdAt: march }));
      for (let i = 0; i < 5; i += 1)
        await r.create(aNewReport({ type: 'harassment', region: 'bamako', createdAt: march }));
      await r.create(aNewReport({ type: 'harassment', region: null, createdAt: april }));

      const cells = await r.countByTypeRegionMonth({});
      const byKey = (c: { type: string; region: string; month: string }): string =>
        `${c.type}/${c.region}/${c.month}`;
      expect(cells.map((c) => [byKey(c), c.count]).sort()).toEqual([
        ['harassment/bamako/2026-03', 5],
        ['harassment/unknown/2026-04', 1],
        ['threats/kayes/2026-03', 4],
      ]);

      const published = suppressSmallCells(cells);
      expect(published.find((c) => c.region === 'bamako')).toMatchObject({ count: 5, suppressed: false });
      expect(published.find((c) => c.region === 'kayes')).toMatchObject({ count: null, suppressed: true });

      const days = await r.countByTypeRegionDay({});
      expect(days.map((c) => [`${c.type}/${c.region}/${c.day}`, c.count]).sort()).toEqual([
        ['harassment/bamako/2026-03-31', 5],
        ['harassment/unknown/2026-04-01', 1],
        ['threats/kayes/2026-03-31', 4],
      ]);

      const aprilOnly = await r.countByTypeRegionMonth({ from: new Date('2026-04-01T00:00:00.000Z') });
      expect(aprilOnly).toEqual([{ type: 'harassment', region: 'unknown', month: '2026-04', count: 1 }]);
      const marchOnly = await r.countByTypeRegionMonth({ to: new Date('2026-04-01T00:00:00.000Z') });
      expect(marchOnly.reduce((sum, c) => sum + c.count, 0)).toBe(9);
    });
  });
}
