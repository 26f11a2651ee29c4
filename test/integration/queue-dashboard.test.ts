import express from 'express';
import request from 'supertest';
import { createQueueDashboard } from '../../src/adapters/http/queue-dashboard.route';
import { createSmsTestEnv } from '../helpers/sms-test-env';
import type { SmsTestEnv } from '../helpers/sms-test-env';

describe('queue dashboard', () => {
  let env: SmsTestEnv;
  const basic = (user: string, password: string) =>
    `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const appWith = (auth: { user?: string; password?: string }) =>
    express().use(createQueueDashboard(env.queues, auth));

  beforeAll(async () => {
    env = await createSmsTestEnv('dash');
  });
  afterAll(async () => {
    await env.cleanup();
  });

  it('when no admin credentials are configured, then /admin/queues is a 404', async () => {
    await request(appWith({})).get('/admin/queues').expect(404);
    await request(appWith({ user: 'ops' }))
      .get('/admin/queues/api/queues')
      .expect(404);
  });

  it('when credentials are missing or wrong, then 401 with a basic-auth challenge', async () => {
    const app = appWith({ user: 'ops', password: 'a-long-password' });
    const res = await request(app).get('/admin/queues').expect(401);
    expect(res.headers['www-authenticate']).toMatch(/^Basic/);
    await request(app).get('/admin/queues').set('authorization', basic('ops', 'wrong-password')).expect(401);
    await request(app)
      .get('/admin/queues')
      .set('authorization', basic('other', 'a-long-password'))
      .expect(401);
  });

  it('when the credentials are right, then the UI and the queue API answer', async () => {
    const app = appWith({ user: 'ops', password: 'a-long-password' });
    const auth = basic('ops', 'a-long-password');
    await request(app)
      .get('/admin/queues')
      .set('authorization', auth)
      .expect(200)
      .expect('content-type', /html/);
    const res = await request(app).get('/admin/queues/api/queues').set('authorization', auth).expect(200);
    const names = (res.body as { queues: { name: string }[] }).queues.map((q) => q.name).sort();
    expect(names).toEqual(['reports', 'schedules', 'sms']);
  });
});
