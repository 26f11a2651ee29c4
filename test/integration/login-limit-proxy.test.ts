/**
 * Hardening finding 1, from the attacker's side, on the whole service: X-Forwarded-For is believed only
 * from configured proxies, so rotating it does not reset the per-address login limit; behind a configured
 * proxy the real client is counted; and the count is shared by instances through Redis (in memory while
 * Redis is down).
 */
import request from 'supertest';
import { startTestService, type TestService } from '../helpers/test-service';

const LIMIT = { LOGIN_FAILURES_PER_ADDRESS: '3' };

async function failLogin(url: string, forwardedFor?: string): Promise<number> {
  const req = request(url).post('/api/v1/auth/login');
  if (forwardedFor) void req.set('x-forwarded-for', forwardedFor);
  const res = await req.send({ email: 'nobody@tanga.test', password: 'wrong password!' });
  return res.status;
}

describe('the console login limit per address (hardening finding 1)', () => {
  const running: TestService[] = [];
  const start = async (env: Record<string, string>): Promise<TestService> => {
    const svc = await startTestService(env);
    running.push(svc);
    return svc;
  };
  afterEach(async () => {
    for (const svc of running.splice(0).reverse()) await svc.close();
  });

  it('when no proxy is configured, then a new X-Forwarded-For on every try does not escape the limit', async () => {
    const svc = await start(LIMIT);
    const statuses: number[] = [];
    for (let i = 1; i <= 4; i++) statuses.push(await failLogin(svc.url, `198.51.100.${i}`));
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it('when one proxy is configured, then the client it names is counted, each on its own', async () => {
    const svc = await start({ ...LIMIT, TRUST_PROXY: '1' });
    const first: number[] = [];
    for (let i = 0; i < 4; i++) first.push(await failLogin(svc.url, '203.0.113.7'));
    expect(first).toEqual([401, 401, 401, 429]);
    expect(await failLogin(svc.url, '203.0.113.8')).toBe(401);
  });

  it('when tries alternate between two instances on one Redis, then they add up', async () => {
    const a = await start(LIMIT);
    const b = await start({ ...LIMIT, REDIS_URL: a.redis.url });
    const statuses = [
      await failLogin(a.url),
      await failLogin(b.url),
      await failLogin(a.url),
      await failLogin(b.url),
    ];
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it('when Redis is down, then each instance still counts in memory', async () => {
    const svc = await start(LIMIT);
    await svc.redis.stop();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push(await failLogin(svc.url));
    expect(statuses).toEqual([401, 401, 401, 429]);
    await svc.redis.restart();
  });
});
