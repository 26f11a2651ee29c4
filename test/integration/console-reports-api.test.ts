import { AUDIT } from '../../src/console/services/audit-trail';
import type { Report } from '../../src/domain/reports/report';
import {
  consentedReport,
  createTestAccount,
  seedReport,
  useConsoleHarness,
} from '../helpers/console-harness';

/** Ids of a page of items from a JSON body. */
const ids = (body: unknown): string[] => (body as { items: Array<{ id: string }> }).items.map((r) => r.id);

const h = useConsoleHarness();

async function auditOf(reportId: string): Promise<Array<{ action: string; actorId: string | null }>> {
  const page = await h.store.audit.list({ reportId }, { limit: 100 });
  return page.items.map((e) => ({ action: e.action, actorId: e.actorId })).reverse();
}

async function assigned(report: Report, to: string): Promise<Report> {
  return h.store.reports.assign(report.id, to, report.version, h.clock.now());
}

describe('report list', () => {
  it('when listed, then reports come by priority then age, paginated with a cursor', async () => {
    const old = await seedReport(h.store, { priority: 1, createdAt: new Date('2025-10-01T00:00:00Z') });
    const urgent = await seedReport(h.store, { priority: 3, createdAt: new Date('2025-11-02T00:00:00Z') });
    const high = await seedReport(h.store, { priority: 2, createdAt: new Date('2025-11-01T00:00:00Z') });
    const s = await h.signIn('supervisor');
    const first = await s.agent.get('/api/v1/reports?limit=2');
    expect(first.status).toBe(200);
    expect(ids(first.body)).toEqual([urgent.id, high.id]);
    const second = await s.agent.get(
      `/api/v1/reports?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`,
    );
    expect(ids(second.body)).toEqual([old.id]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('when filtered by status, type, region, priority and dates, then only matching reports come back', async () => {
    const match = await seedReport(h.store, {
      type: 'threats',
      region: 'kayes',
      priority: 2,
      createdAt: new Date('2025-11-01T10:00:00Z'),
    });
    await seedReport(h.store, {
      type: 'threats',
      region: 'bamako',
      priority: 2,
      createdAt: new Date('2025-11-01T10:00:00Z'),
    });
    await seedReport(h.store, {
      type: 'threats',
      region: 'kayes',
      priority: 2,
      createdAt: new Date('2025-09-01T10:00:00Z'),
    });
    await seedReport(h.store, {
      type: 'harassment',
      region: 'kayes',
      priority: 2,
      createdAt: new Date('2025-11-01T10:00:00Z'),
    });
    const s = await h.signIn('supervisor');
    const res = await s.agent.get(
      '/api/v1/reports?status=new,in_review&type=threats&region=kayes&priority=2&from=2025-10-01&to=2025-12-01',
    );
    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual([match.id]);
  });

  it('when a counsellor lists, then they get the unassigned queue and their own, not a colleague’s', async () => {
    const me = await h.signIn('counsellor');
    const colleague = await createTestAccount(h, 'counsellor');
    const free = await seedReport(h.store);
    const mine = await assigned(await seedReport(h.store), me.id);
    await assigned(await seedReport(h.store), colleague.id);
    const res = await me.agent.get('/api/v1/reports');
    expect(ids(res.body).sort()).toEqual([free.id, mine.id].sort());
    const forced = await me.agent.get(`/api/v1/reports?assignedTo=${colleague.id}`);
    expect(forced.body.items).toEqual([]);
  });

  it('when the query has an unknown field or a bad value, then 400', async () => {
    const s = await h.signIn('supervisor');
    expect((await s.agent.get('/api/v1/reports?colour=red')).status).toBe(400);
    const bad = await s.agent.get('/api/v1/reports?status=lost');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/status/);
  });

  it('when a report is listed, then no sealed number appears, only whether one is held', async () => {
    await h.store.reports.create(consentedReport(h.sealer));
    const s = await h.signIn('supervisor');
    const res = await s.agent.get('/api/v1/reports');
    expect(JSON.stringify(res.body)).not.toMatch(/v1\.|22370000001|sealed/);
    expect(res.body.items[0].hasContactNumber).toBe(true);
  });
});

describe('report detail', () => {
  it('when a report is opened, then its file comes back and the view is audited', async () => {
    const r = await seedReport(h.store);
    const s = await h.signIn('counsellor');
    const res = await s.agent.get(`/api/v1/reports/${r.id}`);
    expect(res.status).toBe(200);
    expect(res.body.report.code).toBe(r.code);
    expect(res.body.allowedTransitions).toEqual(['in_review', 'closed']);
    expect(await auditOf(r.id)).toEqual([{ action: AUDIT.reportView, actorId: s.id }]);
  });

  it('when a counsellor opens a colleague’s report, then 403; a missing report is 404', async () => {
    const colleague = await createTestAccount(h, 'counsellor');
    const r = await assigned(await seedReport(h.store), colleague.id);
    const s = await h.signIn('counsellor');
    expect((await s.agent.get(`/api/v1/reports/${r.id}`)).status).toBe(403);
    expect((await s.agent.get('/api/v1/reports/nope')).status).toBe(404);
  });
});

describe('status and assignment', () => {
  it('when a counsellor takes an unassigned report and moves it to review, then both are stored and audited', async () => {
    const r = await seedReport(h.store);
    const s = await h.signIn('counsellor');
    const take = await s.post(`/reports/${r.id}/assignment`, { counsellorId: s.id, version: r.version });
    expect(take.status).toBe(200);
    expect(take.body.report.assignedTo).toBe(s.id);
    h.clock.advance(1000); // audit entries are ordered by time
    const move = await s.post(`/reports/${r.id}/status`, {
      status: 'in_review',
      version: take.body.report.version,
    });
    expect(move.status).toBe(200);
    expect(move.body.report.status).toBe('in_review');
    const log = await auditOf(r.id);
    expect(log.map((e) => e.action)).toEqual([AUDIT.reportAssign, AUDIT.reportStatus]);
    expect(log.every((e) => e.actorId === s.id)).toBe(true);
  });

  it('when a counsellor assigns to someone else or takes a colleague’s report, then 403', async () => {
    const colleague = await createTestAccount(h, 'counsellor');
    const r = await seedReport(h.store);
    const s = await h.signIn('counsellor');
    expect(
      (await s.post(`/reports/${r.id}/assignment`, { counsellorId: colleague.id, version: r.version }))
        .status,
    ).toBe(403);
    const theirs = await assigned(await seedReport(h.store), colleague.id);
    expect(
      (await s.post(`/reports/${theirs.id}/assignment`, { counsellorId: s.id, version: theirs.version }))
        .status,
    ).toBe(403);
  });

  it('when a counsellor changes the status of a report not taken, then 403', async () => {
    const r = await seedReport(h.store);
    const s = await h.signIn('counsellor');
    const res = await s.post(`/reports/${r.id}/status`, { status: 'in_review', version: r.version });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/Prenez d’abord/);
  });

  it('when a supervisor assigns to a counsellor and then unassigns, then both are stored', async () => {
    const counsellor = await createTestAccount(h, 'counsellor');
    const r = await seedReport(h.store);
    const s = await h.signIn('supervisor');
    const a = await s.post(`/reports/${r.id}/assignment`, {
      counsellorId: counsellor.id,
      version: r.version,
    });
    expect(a.body.report.assignedTo).toBe(counsellor.id);
    const u = await s.post(`/reports/${r.id}/assignment`, {
      counsellorId: null,
      version: a.body.report.version,
    });
    expect(u.body.report.assignedTo).toBeNull();
    const unknown = await s.post(`/reports/${r.id}/assignment`, {
      counsellorId: 'ghost',
      version: u.body.report.version,
    });
    expect(unknown.status).toBe(400);
  });

  it('when a transition is forbidden, then 409 with a message naming both statuses, and nothing changes', async () => {
    const s = await h.signIn('supervisor');
    const r = await seedReport(h.store);
    const res = await s.post(`/reports/${r.id}/status`, { status: 'referred', version: r.version });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/\(new\).*\(referred\)/);
    expect((await h.store.reports.findById(r.id))?.status).toBe('new');
  });

  it('when closing without an outcome, then 400; with one, the report is closed', async () => {
    const s = await h.signIn('supervisor');
    const r = await seedReport(h.store);
    expect((await s.post(`/reports/${r.id}/status`, { status: 'closed', version: r.version })).status).toBe(
      400,
    );
    const ok = await s.post(`/reports/${r.id}/status`, {
      status: 'closed',
      outcome: 'resolved',
      version: r.version,
    });
    expect(ok.status).toBe(200);
    expect(ok.body.report).toMatchObject({ status: 'closed', outcome: 'resolved' });
  });

  it('when the version is stale, then 409 and the newer change stays', async () => {
    const s = await h.signIn('supervisor');
    const r = await seedReport(h.store);
    const first = await s.post(`/reports/${r.id}/status`, { status: 'in_review', version: r.version });
    expect(first.status).toBe(200);
    const stale = await s.post(`/reports/${r.id}/status`, {
      status: 'closed',
      outcome: 'duplicate',
      version: r.version,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(/modifié entre-temps/);
    expect((await h.store.reports.findById(r.id))?.status).toBe('in_review');
    const staleAssign = await s.post(`/reports/${r.id}/assignment`, {
      counsellorId: s.id,
      version: r.version,
    });
    expect(staleAssign.status).toBe(409);
  });

  it('when a counsellor reopens a closed report, then 403; a supervisor may', async () => {
    const c = await h.signIn('counsellor');
    const r0 = await assigned(await seedReport(h.store), c.id);
    const r = await h.store.reports.updateStatus(
      r0.id,
      { status: 'closed', outcome: 'resolved', at: h.clock.now() },
      r0.version,
    );
    expect(
      (await c.post(`/reports/${r.id}/status`, { status: 'in_review', version: r.version })).status,
    ).toBe(403);
    const s = await h.signIn('supervisor');
    expect(
      (await s.post(`/reports/${r.id}/status`, { status: 'in_review', version: r.version })).status,
    ).toBe(200);
  });

  it('when the body has an unknown field or a wrong type, then 400', async () => {
    const s = await h.signIn('supervisor');
    const r = await seedReport(h.store);
    expect(
      (await s.post(`/reports/${r.id}/status`, { status: 'in_review', version: r.version, force: true }))
        .status,
    ).toBe(400);
    expect((await s.post(`/reports/${r.id}/status`, { status: 'in_review', version: '1' })).status).toBe(400);
  });
});

describe('CSRF', () => {
  it('when a state-changing request has no or a wrong CSRF token, then 403 and nothing changes', async () => {
    const s = await h.signIn('supervisor');
    const r = await seedReport(h.store);
    const none = await s.agent.post(`/api/v1/reports/${r.id}/notes`).send({ text: 'x' });
    const wrong = await s.agent
      .post(`/api/v1/reports/${r.id}/notes`)
      .set('x-csrf-token', `${s.csrf}x`)
      .send({ text: 'x' });
    expect(none.status).toBe(403);
    expect(wrong.status).toBe(403);
    expect(none.body.error.message).toMatch(/CSRF/);
    expect(await h.store.reports.listNotes(r.id)).toEqual([]);
  });

  it('when another session’s token is used, then 403', async () => {
    const a = await h.signIn('supervisor');
    const b = await h.signIn('supervisor');
    const r = await seedReport(h.store);
    const res = await a.agent
      .post(`/api/v1/reports/${r.id}/notes`)
      .set('x-csrf-token', b.csrf)
      .send({ text: 'x' });
    expect(res.status).toBe(403);
  });
});
