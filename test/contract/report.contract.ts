import { AppError, ConflictError, NotFoundError } from '../../src/domain/errors';
import { CHANNELS, type Report, type ReportFilter } from '../../src/domain/reports/report';
import { aNewReport } from '../helpers/report-fixture';
import { DAY, at, sealer } from './store-fixtures';
import type { StoreRef } from './store-fixtures';

export function describeReportContract(store: StoreRef): void {
  describe('reports: create and fetch', () => {
    it('when a report is created, then it is found by id, code and sourceRef with every field intact', async () => {
      const input = aNewReport({
        contact: 'sms_or_call',
        sealedContact: sealer.seal('+22370123456'),
        safeHours: { start: 9, end: 17 },
        riskFlags: ['minor', 'threats'],
        priority: 3,
        region: null,
        platform: null,
      });
      const created = await store().reports.create(input);
      expect(created).toEqual({
        ...input,
        id: expect.any(String),
        status: 'new',
        outcome: null,
        assignedTo: null,
        version: 1,
        updatedAt: input.createdAt,
        closedAt: null,
        purgedAt: null,
      });
      expect(await store().reports.findById(created.id)).toEqual(created);
      expect(await store().reports.findByCode(input.code)).toEqual(created);
      expect(await store().reports.findBySourceRef(input.sourceRef)).toEqual(created);
      expect(await store().reports.codeExists(input.code)).toBe(true);
    });

    it('when reports come from each channel (USSD, SMS, a voice call), then each keeps its channel', async () => {
      for (const channel of CHANNELS) {
        const created = await store().reports.create(aNewReport({ channel, sourceRef: `${channel}:ch-1` }));
        expect((await store().reports.findById(created.id))?.channel).toBe(channel);
      }
    });

    it('when nothing matches, then finders return null and codeExists is false', async () => {
      expect(await store().reports.findById('00000000-0000-4000-8000-000000000000')).toBeNull();
      expect(await store().reports.findByCode('NOPE')).toBeNull();
      expect(await store().reports.findBySourceRef('ussd:none')).toBeNull();
      expect(await store().reports.codeExists('NOPE')).toBe(false);
    });

    it('when the same sourceRef is created twice, then the first report is returned unchanged', async () => {
      const first = await store().reports.create(aNewReport({ sourceRef: 'ussd:retry-1' }));
      const again = await store().reports.create(
        aNewReport({ sourceRef: 'ussd:retry-1', type: 'threats', description: 'autre' }),
      );
      expect(again).toEqual(first);
      const page = await store().reports.list({}, { limit: 10 });
      expect(page.items.map((r) => r.id)).toEqual([first.id]);
    });

    it('when the very same report is replayed (same sourceRef and code), then the first is returned', async () => {
      const input = aNewReport();
      const first = await store().reports.create(input);
      await expect(store().reports.create({ ...input })).resolves.toEqual(first);
    });

    it('when another report reuses a code, then create throws ConflictError', async () => {
      await store().reports.create(aNewReport({ code: 'DUP1' }));
      await expect(store().reports.create(aNewReport({ code: 'DUP1' }))).rejects.toBeInstanceOf(
        ConflictError,
      );
    });
  });

  describe('reports: list', () => {
    /** Seven reports whose expected queue order is the array order. */
    async function seedQueue(): Promise<Report[]> {
      const specs = [
        { priority: 3, createdAt: at(5 * 60_000) },
        { priority: 3, createdAt: at(6 * 60_000) },
        { priority: 2, createdAt: at(1 * 60_000) },
        { priority: 2, createdAt: at(1 * 60_000) },
        { priority: 2, createdAt: at(9 * 60_000) },
        { priority: 1, createdAt: at(0) },
        { priority: 1, createdAt: at(2 * 60_000) },
      ] as const;
      const shuffled = [4, 0, 6, 2, 5, 1, 3];
      const created = new Map<number, Report>();
      for (const i of shuffled) created.set(i, await store().reports.create(aNewReport(specs[i])));
      const ordered = specs.map((_, i) => created.get(i)!);
      // Equal priority and time: the id breaks the tie.
      if (ordered[2]!.id > ordered[3]!.id) [ordered[2], ordered[3]] = [ordered[3]!, ordered[2]!];
      return ordered;
    }

    it('when listing, then reports come by priority desc, then oldest first, over several pages', async () => {
      const expected = await seedQueue();
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await store().reports.list({}, { limit: 3, cursor });
        expect(page.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.items.map((r) => r.id));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor !== null && pages < 10);
      expect(pages).toBe(3);
      expect(seen).toEqual(expected.map((r) => r.id));
    });

    it('when the last page is exactly full, then its nextCursor is null', async () => {
      await seedQueue();
      const first = await store().reports.list({}, { limit: 7 });
      expect(first.items).toHaveLength(7);
      expect(first.nextCursor).toBeNull();
    });

    it('when the cursor is not one the store issued, then list throws bad_request', async () => {
      for (const cursor of ['garbage!', Buffer.from('[1,2]').toString('base64url'), 'e30']) {
        await expect(store().reports.list({}, { limit: 5, cursor })).rejects.toMatchObject({
          code: 'bad_request',
        });
      }
      await expect(store().reports.list({}, { limit: 5, cursor: 'x' })).rejects.toBeInstanceOf(AppError);
    });

    it('when a filter is given, then only matching reports are listed', async () => {
      const r = store().reports;
      const a = await r.create(
        aNewReport({ type: 'harassment', region: 'bamako', priority: 1, createdAt: at(0) }),
      );
      const b = await r.create(
        aNewReport({ type: 'threats', region: 'kayes', priority: 3, createdAt: at(DAY) }),
      );
      const c = await r.create(
        aNewReport({ type: 'intimate_images', region: null, priority: 2, createdAt: at(2 * DAY) }),
      );
      const d = await r.create(
        aNewReport({ type: 'threats', region: 'sikasso', priority: 1, createdAt: at(3 * DAY) }),
      );
      await r.updateStatus(b.id, { status: 'in_review', outcome: null, at: at(4 * DAY) }, 1);
      await r.updateStatus(c.id, { status: 'closed', outcome: 'resolved', at: at(4 * DAY) }, 1);
      await r.assign(a.id, 'counsellor-1', 1, at(4 * DAY));
      await r.assign(d.id, 'counsellor-2', 1, at(4 * DAY));

      const ids = async (filter: ReportFilter): Promise<string[]> =>
        (await r.list(filter, { limit: 50 })).items.map((x) => x.id).sort();
      const sorted = (...xs: Report[]): string[] => xs.map((x) => x.id).sort();

      expect(await ids({ status: ['new'] })).toEqual(sorted(a, d));
      expect(await ids({ status: ['in_review', 'closed'] })).toEqual(sorted(b, c));
      expect(await ids({ type: ['threats'] })).toEqual(sorted(b, d));
      expect(await ids({ region: ['kayes', 'sikasso'] })).toEqual(sorted(b, d));
      expect(await ids({ priority: [2, 3] })).toEqual(sorted(b, c));
      expect(await ids({ from: at(DAY) })).toEqual(sorted(b, c, d));
      expect(await ids({ to: at(DAY) })).toEqual(sorted(a));
      expect(await ids({ from: at(DAY), to: at(3 * DAY) })).toEqual(sorted(b, c));
      expect(await ids({ assignedTo: null })).toEqual(sorted(b, c));
      expect(await ids({ assignedTo: 'counsellor-1' })).toEqual(sorted(a));
      expect(await ids({ visibleTo: 'counsellor-2' })).toEqual(sorted(b, c, d));
      expect(await ids({ type: ['threats'], visibleTo: 'counsellor-1' })).toEqual(sorted(b));
      expect(await ids({})).toEqual(sorted(a, b, c, d));
    });
  });

  describe('reports: changes', () => {
    it('when the status changes to closed, then version, updatedAt, outcome and closedAt follow', async () => {
      const created = await store().reports.create(aNewReport());
      const reviewed = await store().reports.updateStatus(
        created.id,
        { status: 'in_review', outcome: null, at: at(DAY) },
        1,
      );
      expect(reviewed).toMatchObject({ status: 'in_review', version: 2, updatedAt: at(DAY), closedAt: null });
      const closed = await store().reports.updateStatus(
        created.id,
        { status: 'closed', outcome: 'resolved', at: at(2 * DAY) },
        2,
      );
      expect(closed).toMatchObject({
        status: 'closed',
        outcome: 'resolved',
        version: 3,
        closedAt: at(2 * DAY),
      });
      expect(await store().reports.findById(created.id)).toEqual(closed);
    });

    it('when the expected version is stale, then ConflictError and nothing changes', async () => {
      const created = await store().reports.create(aNewReport());
      await store().reports.updateStatus(created.id, { status: 'in_review', outcome: null, at: at(DAY) }, 1);
      await expect(
        store().reports.updateStatus(created.id, { status: 'closed', outcome: 'resolved', at: at(DAY) }, 1),
      ).rejects.toBeInstanceOf(ConflictError);
      expect(await store().reports.findById(created.id)).toMatchObject({ status: 'in_review', version: 2 });
    });

    it('when two updates race with the same expected version, then exactly one wins', async () => {
      const created = await store().reports.create(aNewReport());
      const results = await Promise.allSettled([
        store().reports.updateStatus(created.id, { status: 'in_review', outcome: null, at: at(DAY) }, 1),
        store().reports.assign(created.id, 'counsellor-9', 1, at(DAY)),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]!.reason).toBeInstanceOf(ConflictError);
      expect((await store().reports.findById(created.id))!.version).toBe(2);
    });

    it('when the id does not exist, then updates throw NotFoundError', async () => {
      const missing = '00000000-0000-4000-8000-000000000000';
      await expect(
        store().reports.updateStatus(missing, { status: 'closed', outcome: null, at: at(0) }, 1),
      ).rejects.toBeInstanceOf(NotFoundError);
      await expect(store().reports.assign(missing, 'x', 1, at(0))).rejects.toBeInstanceOf(NotFoundError);
    });

    it('when a report is assigned then unassigned, then assignedTo and version follow', async () => {
      const created = await store().reports.create(aNewReport());
      const assigned = await store().reports.assign(created.id, 'counsellor-1', 1, at(DAY));
      expect(assigned).toMatchObject({ assignedTo: 'counsellor-1', version: 2, updatedAt: at(DAY) });
      const released = await store().reports.assign(created.id, null, 2, at(2 * DAY));
      expect(released).toMatchObject({ assignedTo: null, version: 3 });
    });
  });
}
