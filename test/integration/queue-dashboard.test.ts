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
    h.app.use(createQueueDashboard(env.queues, createRequireRole(h.deps)('admin')));
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
});
