import request from 'supertest';
import { startTestService, type TestService } from '../helpers/test-service';

const hop = (url: string, text: string) =>
  request(url)
    .post('/ussd')
    .type('form')
    .send({
      sessionId: `ATUid_health_${Date.now()}`,
      serviceCode: '*123#',
      phoneNumber: '+22370123456',
      text,
    });

describe('health endpoints of the running service', () => {
  let svc: TestService;
  beforeEach(async () => {
    svc = await startTestService();
  });
  afterEach(async () => {
    await svc.close();
  });

  it('when the process runs, then /healthz answers 200 ok', async () => {
    const res = await request(svc.url).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('when the store and a Redis without AOF answer, then /readyz is 200 degraded and names the missing AOF', async () => {
    const res = await request(svc.url).get('/readyz');
    expect(res.status).toBe(200);
    // The test's own Redis runs with appendonly no: queued SMS and reports would not survive its restart.
    expect(res.body).toEqual({
      status: 'degraded',
      checks: { store: 'up', redis: 'up', 'redis-aof': 'down' },
    });
  });

  it('when Redis stops, then /readyz is 200 degraded with redis down and USSD still answers CON', async () => {
    await svc.redis.stop();
    const ready = await request(svc.url).get('/readyz');
    expect(ready.status).toBe(200);
    // Whether Redis keeps an AOF is unknown while it is down: only the connection check fails.
    expect(ready.body).toEqual({
      status: 'degraded',
      checks: { store: 'up', redis: 'down', 'redis-aof': 'up' },
    });

    const screen = await hop(svc.url, '');
    expect(screen.status).toBe(200);
    expect(screen.text).toMatch(/^CON /);
  });

  it('when the store is closed, then /readyz is 503 unavailable while /healthz stays 200', async () => {
    await svc.running.runtime.store.close();
    const ready = await request(svc.url).get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({
      status: 'unavailable',
      checks: { store: 'down', redis: 'up', 'redis-aof': 'down' },
    });
    expect((await request(svc.url).get('/healthz')).status).toBe(200);
  });
});
