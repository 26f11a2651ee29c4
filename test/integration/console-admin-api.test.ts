import express from 'express';
import request from 'supertest';
import { errorHandler } from '../../src/adapters/http/error-handler';
import { createConsoleApiRouter } from '../../src/adapters/http/console-api/console-api.router';
import { consoleOpenApi } from '../../src/adapters/http/console-api/openapi.document';
import { createRequireRole } from '../../src/adapters/http/require-role.middleware';
import { AUDIT } from '../../src/console/services/audit-trail';
import type { ReportType } from '../../src/domain/reports/report';
import { createLogger } from '../../src/logger';
import { createTestAccount, seedReport, TEST_PASSWORD, useConsoleHarness } from '../helpers/console-harness';

/** Ids of a page of items from a JSON body. */
const ids = (body: unknown): string[] => (body as { items: Array<{ id: string }> }).items.map((r) => r.id);

const h = useConsoleHarness();

async function seedCell(
  n: number,
  type: ReportType,
  region: 'bamako' | 'kayes',
  month: string,
): Promise<void> {
  for (let i = 0; i < n; i += 1) {
    await seedReport(h.store, { type, region, createdAt: new Date(`${month}-1${i % 9}T12:00:00Z`) });
  }
}

describe('audit log', () => {
  it('when a supervisor reads the log, then entries come newest first with a cursor; a counsellor gets 403', async () => {
    const s = await h.signIn('supervisor');
    const r = await seedReport(h.store);
    for (let i = 0; i < 3; i += 1) {
      h.clock.advance(1000);
      await s.agent.get(`/api/v1/reports/${r.id}`);
    }
    const first = await s.agent.get(`/api/v1/audit?reportId=${r.id}&limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.items[0]).toMatchObject({ action: AUDIT.reportView, actorId: s.id, reportId: r.id });
    expect(first.body.items[0].at > first.body.items[1].at).toBe(true);
    const rest = await s.agent.get(
      `/api/v1/audit?reportId=${r.id}&limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`,
    );
    expect(rest.body.items).toHaveLength(1);
    const c = await h.signIn('counsellor');
    expect((await c.agent.get('/api/v1/audit')).status).toBe(403);
    expect((await s.agent.get('/api/v1/audit?who=me')).status).toBe(400);
  });
});

describe('statistics and export', () => {
  beforeEach(async () => {
    await seedCell(4, 'harassment', 'bamako', '2025-10');
    await seedCell(5, 'threats', 'kayes', '2025-10');
  });

  it('when statistics are read, then a cell of 4 is hidden and a cell of 5 is shown', async () => {
    const s = await h.signIn('supervisor');
    const res = await s.agent.get('/api/v1/stats');
    expect(res.status).toBe(200);
    expect(res.body.minCellCount).toBe(5);
    expect(res.body.cells).toEqual([
      { type: 'harassment', region: 'bamako', month: '2025-10', count: null, suppressed: true },
      { type: 'threats', region: 'kayes', month: '2025-10', count: 5, suppressed: false },
    ]);
    expect(JSON.stringify(res.body)).not.toMatch(/"count":[1-4]\b/);
  });

  it('when weekly statistics are read, then days add up into ISO weeks and a week of 4 is hidden', async () => {
    // The month cells above fall across weeks 41 and 42 (3 + 2 and 3 + 1): all hidden. Week 43 gets 5 and 4.
    for (const day of ['2025-10-20', '2025-10-22', '2025-10-24', '2025-10-25', '2025-10-26']) {
      await seedReport(h.store, {
        type: 'hacked_account',
        region: 'sikasso',
        createdAt: new Date(`${day}T09:00:00Z`),
      });
    }
    for (const day of ['2025-10-20', '2025-10-21', '2025-10-21', '2025-10-26']) {
      await seedReport(h.store, {
        type: 'hate_disinfo',
        region: 'sikasso',
        createdAt: new Date(`${day}T09:00:00Z`),
      });
    }
    const s = await h.signIn('supervisor');
    const res = await s.agent.get('/api/v1/stats/weekly?from=2025-10-20');
    expect(res.status).toBe(200);
    expect(res.body.cells).toEqual([
      { type: 'hacked_account', region: 'sikasso', week: '2025-W43', count: 5, suppressed: false },
      { type: 'hate_disinfo', region: 'sikasso', week: '2025-W43', count: null, suppressed: true },
    ]);
    const all = await s.agent.get('/api/v1/stats/weekly');
    expect(JSON.stringify(all.body)).not.toMatch(/"count":[1-4]\b/);
    const c = await h.signIn('counsellor');
    expect((await c.agent.get('/api/v1/stats/weekly')).status).toBe(403);
  });

  it('when statistics are limited to a range, then only that range is counted', async () => {
    const s = await h.signIn('admin');
    const res = await s.agent.get('/api/v1/stats?from=2025-11-01');
    expect(res.body.cells).toEqual([]);
  });

  it('when an attacker asks for ranges a moment apart, then 400: only whole Bamako days are counted (finding 12)', async () => {
    const s = await h.signIn('admin');
    for (const path of ['/api/v1/stats', '/api/v1/stats/weekly', '/api/v1/exports/statistics.csv']) {
      for (const query of [
        'from=2025-10-10T12:00:00.001Z',
        'to=2025-10-13T00:00:00Z',
        'from=2025-10-10T00:00:00%2B00:00',
        'from=1760097600000',
      ]) {
        const res = await s.agent.get(`${path}?${query}`);
        expect([path, query, res.status]).toEqual([path, query, 400]);
      }
    }
    const empty = await s.agent.get('/api/v1/stats?from=2025-10-12&to=2025-10-12');
    expect(empty.status).toBe(400);
    // Whole days still work: the 5 threats of 10-18 October are counted, the day after excluded.
    const days = await s.agent.get('/api/v1/stats?from=2025-10-10&to=2025-10-19');
    expect(days.status).toBe(200);
    expect(days.body.cells).toContainEqual({
      type: 'threats',
      region: 'kayes',
      month: '2025-10',
      count: 5,
      suppressed: false,
    });
  });

  it('when a counsellor asks for statistics, then 403', async () => {
    const c = await h.signIn('counsellor');
    expect((await c.agent.get('/api/v1/stats')).status).toBe(403);
  });

  it('when an admin exports CSV, then no count under 5 appears, and the export is audited', async () => {
    const a = await h.signIn('admin');
    const res = await a.agent.get('/api/v1/exports/statistics.csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.headers['content-disposition']).toMatch(
      /attachment; filename="?tanga-statistiques-2025-11-03\.csv"?/,
    );
    expect(res.text.trim().split('\r\n')).toEqual([
      'month,type,region,count',
      '2025-10,harassment,bamako,<5',
      '2025-10,threats,kayes,5',
    ]);
    const log = await h.store.audit.list({ action: AUDIT.exportCsv }, { limit: 5 });
    expect(log.items).toHaveLength(1);
    expect(log.items[0]).toMatchObject({ actorId: a.id, details: expect.objectContaining({ rows: 2 }) });
  });

  it('when a supervisor exports, then 403', async () => {
    const s = await h.signIn('supervisor');
    expect((await s.agent.get('/api/v1/exports/statistics.csv')).status).toBe(403);
  });
});

describe('accounts', () => {
  it('when an admin creates an account without a password, then a strong one is returned once and works', async () => {
    const a = await h.signIn('admin');
    const res = await a.post('/users', { email: 'Awa@Tanga.test', role: 'counsellor', displayName: 'Awa' });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({
      email: 'awa@tanga.test',
      role: 'counsellor',
      active: true,
      displayName: 'Awa',
    });
    expect(res.body.user.passwordHash).toBeUndefined();
    expect(res.body.generatedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const login = await request(h.app)
      .post('/api/v1/auth/login')
      .send({ email: 'awa@tanga.test', password: res.body.generatedPassword });
    expect(login.status).toBe(200);
    expect((await a.post('/users', { email: 'awa@tanga.test', role: 'admin' })).status).toBe(409);
    expect(
      (await a.post('/users', { email: 'b@tanga.test', role: 'counsellor', password: 'short' })).status,
    ).toBe(400);
    expect((await a.post('/users', { email: 'c@tanga.test', role: 'root' })).status).toBe(400);
  });

  it('when an admin lists, deactivates and unlocks, then each is applied and audited; a supervisor gets 403', async () => {
    const a = await h.signIn('admin');
    const target = await createTestAccount(h, 'counsellor');
    const list = await a.agent.get('/api/v1/users');
    expect(ids(list.body)).toEqual(expect.arrayContaining([a.id, target.id]));
    expect(JSON.stringify(list.body)).not.toMatch(/scrypt/);
    const off = await a.post(`/users/${target.id}/deactivate`);
    expect(off.body.user.active).toBe(false);
    expect(
      (await request(h.app).post('/api/v1/auth/login').send({ email: target.email, password: TEST_PASSWORD }))
        .status,
    ).toBe(401);
    expect((await a.post(`/users/${a.id}/deactivate`)).status).toBe(409);
    expect((await a.post(`/users/${target.id}/unlock`)).status).toBe(200);
    expect((await a.post('/users/ghost/unlock')).status).toBe(404);
    const log = await h.store.audit.list({ actorId: a.id }, { limit: 20 });
    expect(log.items.map((e) => e.action)).toEqual(
      expect.arrayContaining([AUDIT.userDeactivate, AUDIT.userUnlock]),
    );
    const s = await h.signIn('supervisor');
    expect((await s.agent.get('/api/v1/users')).status).toBe(403);
    expect((await s.post('/users', { email: 'x@tanga.test', role: 'admin' })).status).toBe(403);
  });
});

describe('directory and OpenAPI', () => {
  it('when the directory is read, then unverified entries are flagged', async () => {
    const c = await h.signIn('counsellor');
    const res = await c.agent.get('/api/v1/directory');
    expect(
      (res.body as { items: Array<{ id: string; verified: unknown }> }).items.find(
        (e) => e.id === 'ngo_unverified',
      )?.verified,
    ).toBe(false);
  });

  it('when the OpenAPI document is fetched, then it is 3.1 and lists every mounted route with its method', async () => {
    const res = await request(h.app).get('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const api = createConsoleApiRouter(h.deps, (_req, _res, next) => next()) as unknown as {
      stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }>;
    };
    const mounted = api.stack.flatMap((layer) =>
      layer.route
        ? Object.keys(layer.route.methods).map((m) => `${m} ${layer.route!.path.replace(/:(\w+)/g, '{$1}')}`)
        : [],
    );
    expect(mounted.length).toBeGreaterThanOrEqual(20);
    const documented = Object.entries(consoleOpenApi.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m} ${path}`),
    );
    expect(documented.sort()).toEqual(mounted.sort());
  });
});

describe('requireRole for routes outside the console (queue dashboard)', () => {
  function dashboardApp() {
    const app = express();
    app.use(h.app);
    const requireRole = createRequireRole(h.deps);
    app.use('/admin/queues', requireRole('admin'), (_req, res) => {
      res.send('dashboard');
    });
    // The service's error middleware: it alone turns a refusal into a status.
    app.use(errorHandler(createLogger({ level: 'silent' })));
    return app;
  }

  it('when a browser without a session opens the dashboard, then it is sent to the login page', async () => {
    const res = await request(dashboardApp()).get('/admin/queues').set('Accept', 'text/html');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/console/login?next=%2Fadmin%2Fqueues');
  });

  it('when an API call has no session, then 401; a supervisor gets 403; an admin gets through', async () => {
    const app = dashboardApp();
    expect(
      (await request(app).get('/admin/queues/api/queues').set('Accept', 'application/json')).status,
    ).toBe(401);
    const s = await createTestAccount(h, 'supervisor');
    const sAgent = request.agent(app);
    await sAgent.post('/api/v1/auth/login').send({ email: s.email, password: TEST_PASSWORD });
    expect((await sAgent.get('/admin/queues')).status).toBe(403);
    const a = await createTestAccount(h, 'admin');
    const aAgent = request.agent(app);
    await aAgent.post('/api/v1/auth/login').send({ email: a.email, password: TEST_PASSWORD });
    const ok = await aAgent.get('/admin/queues').set('Accept', 'text/html');
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('dashboard');
    const foreign = await aAgent.post('/admin/queues/api/retry').set('Origin', 'https://evil.example');
    expect(foreign.status).toBe(403);
  });
});
