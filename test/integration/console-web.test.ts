import request from 'supertest';
import { AUDIT } from '../../src/console/services/audit-trail';
import type { Report } from '../../src/domain/reports/report';
import {
  consentedReport,
  createTestAccount,
  seedReport,
  TEST_PASSWORD,
  useConsoleHarness,
} from '../helpers/console-harness';
import type { Agent } from '../helpers/console-harness';

const h = useConsoleHarness();

const hiddenValue = (html: string, name: string): string => {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!m?.[1]) throw new Error(`no hidden field ${name}`);
  return m[1];
};

/** Opens the login page and posts its form (with the page's token) as `email`, asking to land on `next`. */
async function postLoginForm(agent: Agent, email: string, next: string): Promise<request.Response> {
  const form = await agent.get('/console/login');
  return agent
    .post('/console/login')
    .type('form')
    .send({ _csrf: hiddenValue(form.text, '_csrf'), email, password: TEST_PASSWORD, next });
}

/** Logs in through the HTML form; returns the agent and the page's CSRF token. */
async function webLogin(
  role: 'counsellor' | 'supervisor' | 'admin',
): Promise<{ agent: Agent; csrf: string; id: string }> {
  const account = await createTestAccount(h, role);
  const agent = request.agent(h.app);
  const res = await postLoginForm(agent, account.email, '/console/reports');
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe('/console/reports');
  const queue = await agent.get('/console/reports');
  return { agent, csrf: hiddenValue(queue.text, '_csrf'), id: account.id };
}

/** Every visible form control has a <label for> naming its id. */
function unlabelledControls(html: string): string[] {
  const controls = [...html.matchAll(/<(input|select|textarea)\b([^>]*)>/g)].filter(
    (m) => !/type="hidden"/.test(m[2] ?? ''),
  );
  return controls
    .map((m) => /id="([^"]+)"/.exec(m[2] ?? '')?.[1] ?? `(no id) ${m[0]}`)
    .filter((id) => !html.includes(`<label for="${id}"`));
}

describe('web console: login', () => {
  it('when the login page is shown, then it is French, labelled, and carries a form token', async () => {
    const res = await request(h.app).get('/console/login');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<html lang="fr">');
    expect(unlabelledControls(res.text)).toEqual([]);
    expect(hiddenValue(res.text, '_csrf').length).toBeGreaterThan(20);
  });

  it('when the login form is posted without its token, then 403 and no session', async () => {
    const c = await createTestAccount(h, 'counsellor');
    const res = await request(h.app)
      .post('/console/login')
      .type('form')
      .send({ email: c.email, password: TEST_PASSWORD });
    expect(res.status).toBe(403);
    expect(res.headers['set-cookie']?.toString() ?? '').not.toMatch(/tanga_session=[^;]/);
  });

  it('when the password is wrong, then the page says so with 401; after five, the account is locked (423)', async () => {
    const c = await createTestAccount(h, 'counsellor');
    const agent = request.agent(h.app);
    let last = await agent.get('/console/login');
    for (let i = 0; i < 5; i += 1) {
      last = await agent
        .post('/console/login')
        .type('form')
        .send({ _csrf: hiddenValue(last.text, '_csrf'), email: c.email, password: 'wrong password' });
    }
    expect(last.status).toBe(423);
    expect(last.text).toContain('Compte verrouillé');
    const right = await agent
      .post('/console/login')
      .type('form')
      .send({ _csrf: hiddenValue(last.text, '_csrf'), email: c.email, password: TEST_PASSWORD });
    expect(right.status).toBe(423);
  });

  it('when a signed-out browser opens the queue, then it goes to the login page and back after login', async () => {
    const res = await request(h.app).get('/console/reports?priority=3');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/console/login?next=%2Fconsole%2Freports%3Fpriority%3D3');
  });

  it('when the session went idle, then the login page says it expired', async () => {
    const { agent } = await webLogin('counsellor');
    h.clock.advance(31 * 60_000);
    const res = await agent.get('/console/reports');
    expect(res.status).toBe(303);
    expect(res.headers.location).toContain('expired=1');
    const login = await agent.get(res.headers.location!);
    expect(login.text).toContain('Votre session a expiré après 30 minutes');
  });

  it('when an open redirect is attempted through next, then the queue is used instead', async () => {
    const c = await createTestAccount(h, 'counsellor');
    const res = await postLoginForm(request.agent(h.app), c.email, '//evil.example/x');
    expect(res.headers.location).toBe('/console/reports');
  });

  it('when logging out without the form token, then 403; with it, back to the login page and the session is gone', async () => {
    const { agent, csrf } = await webLogin('counsellor');
    expect((await agent.post('/console/logout').type('form').send({})).status).toBe(403);
    const out = await agent.post('/console/logout').type('form').send({ _csrf: csrf });
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('/console/login?out=1');
    expect((await agent.get('/console/reports')).status).toBe(303);
  });
});

describe('web console: queue and report', () => {
  it('when the queue is shown, then urgency has a symbol and a word, most urgent first', async () => {
    await seedReport(h.store, { priority: 1 });
    await seedReport(h.store, { priority: 3 });
    const { agent } = await webLogin('counsellor');
    const res = await agent.get('/console/reports');
    expect(res.text).toMatch(/<span aria-hidden="true">▲▲▲<\/span> Urgent/);
    expect(res.text.indexOf('Urgent')).toBeLessThan(res.text.indexOf('Normale</span>'));
    expect(unlabelledControls(res.text)).toEqual([]);
  });

  it('when the queue gets an unknown parameter, then a 400 page without a stack trace', async () => {
    const { agent } = await webLogin('counsellor');
    const res = await agent.get('/console/reports?sort=desc');
    expect(res.status).toBe(400);
    expect(res.text).toContain('champ inconnu sort');
    expect(res.text).not.toMatch(/at \w+ \(|node_modules/);
  });

  it('when a supervisor opens a report, then every control is labelled and every form carries the CSRF field', async () => {
    const r = await h.store.reports.create(consentedReport(h.sealer));
    const { agent, csrf } = await webLogin('supervisor');
    const res = await agent.get(`/console/reports/${r.id}`);
    expect(res.status).toBe(200);
    expect(unlabelledControls(res.text)).toEqual([]);
    const forms = [...res.text.matchAll(/<form\b[^>]*method="post"[\s\S]*?<\/form>/g)].map((m) => m[0]);
    expect(forms.length).toBeGreaterThanOrEqual(8);
    for (const form of forms) expect(form).toContain(`name="_csrf" value="${csrf}"`);
  });

  it('when a form is posted without or with a wrong _csrf, then 403 and nothing is stored', async () => {
    const r = await seedReport(h.store);
    const { agent, csrf } = await webLogin('supervisor');
    expect((await agent.post(`/console/reports/${r.id}/notes`).type('form').send({ text: 'x' })).status).toBe(
      403,
    );
    expect(
      (
        await agent
          .post(`/console/reports/${r.id}/notes`)
          .type('form')
          .send({ text: 'x', _csrf: `${csrf}1` })
      ).status,
    ).toBe(403);
    expect(await h.store.reports.listNotes(r.id)).toEqual([]);
  });

  it('when a counsellor takes, reviews and replies through the forms, then each is stored and confirmed', async () => {
    const r = await seedReport(h.store);
    const { agent, csrf, id } = await webLogin('counsellor');
    const take = await agent
      .post(`/console/reports/${r.id}/assign`)
      .type('form')
      .send({ _csrf: csrf, version: String(r.version), counsellorId: 'me' });
    expect(take.status).toBe(303);
    const taken = (await h.store.reports.findById(r.id)) as Report;
    expect(taken.assignedTo).toBe(id);
    await agent
      .post(`/console/reports/${r.id}/status`)
      .type('form')
      .send({ _csrf: csrf, version: String(taken.version), status: 'in_review', outcome: '' });
    const reply = await agent
      .post(`/console/reports/${r.id}/replies`)
      .type('form')
      .send({ _csrf: csrf, text: 'Bonjour, nous avons lu votre message.' });
    expect(reply.status).toBe(303);
    const page = await agent.get(reply.headers.location!);
    expect(page.text).toContain('Réponse enregistrée');
    expect(page.text).toContain('Aucun SMS');
    expect((await h.store.reports.findById(r.id))?.status).toBe('in_review');
    expect((await h.store.reports.listReplies(r.id)).map((x) => x.text)).toEqual([
      'Bonjour, nous avons lu votre message.',
    ]);
  });

  it('when a forbidden transition or a stale version is posted, then the report is shown again with a 409 and the reason', async () => {
    const r = await seedReport(h.store);
    const { agent, csrf } = await webLogin('supervisor');
    const bad = await agent
      .post(`/console/reports/${r.id}/status`)
      .type('form')
      .send({ _csrf: csrf, version: String(r.version), status: 'referred' });
    expect(bad.status).toBe(409);
    expect(bad.text).toContain('ne peut pas passer de « nouveau »');
    expect(bad.text).toContain(`Signalement ${r.code}`);
    await agent
      .post(`/console/reports/${r.id}/status`)
      .type('form')
      .send({ _csrf: csrf, version: String(r.version), status: 'in_review' });
    const stale = await agent
      .post(`/console/reports/${r.id}/status`)
      .type('form')
      .send({ _csrf: csrf, version: String(r.version), status: 'closed', outcome: 'resolved' });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('modifié entre-temps');
  });

  it('when a supervisor reveals through the form, then the number is shown uncached and audited', async () => {
    const r = await h.store.reports.create(consentedReport(h.sealer, '+22370000055'));
    const { agent, csrf } = await webLogin('supervisor');
    const res = await agent.post(`/console/reports/${r.id}/reveal`).type('form').send({ _csrf: csrf });
    expect(res.status).toBe(200);
    expect(res.text).toContain('+22370000055');
    expect(res.headers['cache-control']).toBe('no-store');
    const log = await h.store.audit.list({ reportId: r.id, action: AUDIT.reportReveal }, { limit: 5 });
    expect(log.items).toHaveLength(1);
  });

  it('when a counsellor posts on a colleague’s report, then an error page with 403', async () => {
    const colleague = await createTestAccount(h, 'counsellor');
    const r0 = await h.store.reports.create(consentedReport(h.sealer));
    const r = await h.store.reports.assign(r0.id, colleague.id, r0.version, h.clock.now());
    const { agent, csrf } = await webLogin('counsellor');
    const res = await agent.post(`/console/reports/${r.id}/reveal`).type('form').send({ _csrf: csrf });
    expect(res.status).toBe(403);
    expect(res.text).not.toContain('+223');
  });
});

describe('web console: statistics, directory, audit', () => {
  beforeEach(async () => {
    for (let i = 0; i < 4; i += 1)
      await seedReport(h.store, {
        type: 'harassment',
        region: 'bamako',
        createdAt: new Date('2025-10-05T00:00:00Z'),
      });
    for (let i = 0; i < 5; i += 1)
      await seedReport(h.store, {
        type: 'threats',
        region: 'kayes',
        createdAt: new Date('2025-10-06T00:00:00Z'),
      });
  });

  it('when statistics are shown, then the chart is SVG with text values and cells under 5 read "<5"', async () => {
    const { agent } = await webLogin('supervisor');
    const res = await agent.get('/console/stats');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<svg width="100%"');
    expect(res.text).toMatch(/class="bar-value">&lt;5</);
    expect(res.text).toMatch(/class="bar-value">5</);
    expect(res.text).toMatch(/class="num">&lt;5</);
    expect(res.text).not.toMatch(/class="(num|bar-value)">[1-4]</);
    expect(res.text).not.toContain('Exporter en CSV');
    expect((await agent.get('/console/stats.csv')).status).toBe(403);
  });

  it('when an admin exports from the statistics page, then the CSV hides small cells and is audited', async () => {
    const { agent } = await webLogin('admin');
    const page = await agent.get('/console/stats');
    expect(page.text).toContain('Exporter en CSV');
    const csv = await agent.get('/console/stats.csv');
    expect(csv.text).toContain('2025-10,harassment,bamako,<5');
    expect(csv.text).toContain('2025-10,threats,kayes,5');
    expect((await h.store.audit.list({ action: AUDIT.exportCsv }, { limit: 5 })).items).toHaveLength(1);
  });

  it('when a counsellor opens statistics or audit, then 403', async () => {
    const { agent } = await webLogin('counsellor');
    expect((await agent.get('/console/stats')).status).toBe(403);
    expect((await agent.get('/console/audit')).status).toBe(403);
  });

  it('when the directory is shown, then what phones do with each entry and its research date are said in words, and the test-call forms are labelled', async () => {
    const { agent } = await webLogin('supervisor');
    const res = await agent.get('/console/directory');
    expect(res.text).toContain('Non confirmée par les sources');
    expect(res.text).toContain('Confirmée le 2025-11-20');
    expect(res.text).toContain('Jamais vérifié par appel : masqué sur les téléphones');
    expect(res.text).toContain('Enregistrer l’appel test');
    expect(unlabelledControls(res.text)).toEqual([]);
  });

  it('when a supervisor opens the audit page, then their login is listed', async () => {
    const { agent } = await webLogin('supervisor');
    const res = await agent.get('/console/audit');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<code>auth.login</code>');
  });
});
