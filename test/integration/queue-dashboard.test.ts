import request from 'supertest';
import { createQueueDashboard } from '../../src/adapters/http/queue-dashboard.route';
import { createRequireRole } from '../../src/adapters/http/require-role.middleware';
import { errorHandler } from '../../src/adapters/http/error-handler';
import { createLogger } from '../../src/logger';
import {
  apiLogin,
  createConsoleHarness,
  createTestAccount,
  type ConsoleHarness,
} from '../helpers/console-harness';
import { createSmsTestEnv, type SmsTestEnv } from '../helpers/sms-test-env';

describe('queue dashboard behind the console login', () => {
  let env: SmsTestEnv;
  let h: ConsoleHarness;

  beforeAll(async () => {
    env = await createSmsTestEnv('dash');
    h = createConsoleHarness();
    h.app.use(
      createQueueDashboard(
        [env.queues.sms, env.queues.reports, env.queues.schedules],
        createRequireRole(h.deps)('admin'),
      ),
    );
    h.app.use(errorHandler(createLogger({ level: 'silent' })));
  });
  afterAll(async () => {
    await h.close();
    await env.cleanup();
  });

  it('when nobody is signed in, then a browser is sent to the login page and the API gets 401', async () => {
    const page = await request(h.app).get('/admin/queues').set('accept', 'text/html');
    expect(page.status).toBe(303);
    expect(page.headers.location).toMatch(/^\/console\/login/);
    await request(h.app).get('/admin/queues/api/queues').set('accept', 'application/json').expect(401);
  });

  it('when a counsellor or a supervisor is signed in, then it is refused (403)', async () => {
    for (const role of ['counsellor', 'supervisor'] as const) {
      const account = await createTestAccount(h, role);
      const { agent } = await apiLogin(h.app, account.email);
      await agent.get('/admin/queues/api/queues').set('accept', 'application/json').expect(403);
    }
  });

  it('when an admin is signed in, then the UI and the queue API answer', async () => {
    const admin = await createTestAccount(h, 'admin');
    const { agent } = await apiLogin(h.app, admin.email);
    await agent.get('/admin/queues').set('accept', 'text/html').expect(200).expect('content-type', /html/);
    const res = await agent.get('/admin/queues/api/queues').expect(200);
    const names = (res.body as { queues: { name: string }[] }).queues.map((q) => q.name).sort();
    expect(names).toEqual(['reports', 'schedules', 'sms']);
  });

  describe('from the attacker side: writes need the CSRF token or a same-origin Origin', () => {
    const pausePath = () => `/admin/queues/api/queues/${encodeURIComponent(env.queues.sms.name)}/pause`;
    const resumePath = () => `/admin/queues/api/queues/${encodeURIComponent(env.queues.sms.name)}/resume`;

    afterEach(async () => {
      await env.queues.sms.resume();
    });

    it('when an admin cookie is replayed with no Origin and no token, then pause is refused (403) and the queue runs', async () => {
      const admin = await createTestAccount(h, 'admin');
      const { agent } = await apiLogin(h.app, admin.email);
      const res = await agent.put(pausePath()).set('accept', 'application/json');
      expect(res.status).toBe(403);
      expect(await env.queues.sms.isPaused()).toBe(false);
    });

    it('when the write comes from a foreign Origin, or with another session token, then it is refused (403)', async () => {
      const admin = await createTestAccount(h, 'admin');
      const { agent } = await apiLogin(h.app, admin.email);
      const other = await apiLogin(h.app, (await createTestAccount(h, 'admin')).email);
      await agent.put(pausePath()).set('origin', 'https://evil.example').expect(403);
      await agent.put(pausePath()).set('x-csrf-token', other.csrf).expect(403);
      expect(await env.queues.sms.isPaused()).toBe(false);
    });

    it('when the write carries the session CSRF token, then the queue is paused; a same-origin Origin resumes it', async () => {
      const admin = await createTestAccount(h, 'admin');
      const { agent, csrf } = await apiLogin(h.app, admin.email);
      const paused = await agent.put(pausePath()).set('x-csrf-token', csrf);
      expect(paused.status).toBeLessThan(300);
      expect(await env.queues.sms.isPaused()).toBe(true);
      const resumed = await agent
        .put(resumePath())
        .set('origin', 'http://dash.local')
        .set('host', 'dash.local');
      expect(resumed.status).toBeLessThan(300);
      expect(await env.queues.sms.isPaused()).toBe(false);
    });
  });
});
