import { createHash } from 'node:crypto';
import request from 'supertest';
import { deleteIdleSessions } from '../../src/console/auth/login.service';
import { AUDIT } from '../../src/console/services/audit-trail';
import { testConfig } from '../../src/config';
import { apiLogin, createTestAccount, TEST_PASSWORD, useConsoleHarness } from '../helpers/console-harness';

const h = useConsoleHarness();

const sessionCookie = (res: request.Response): string => {
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const found = cookies.find((c) => c.startsWith('tanga_session='));
  if (!found) throw new Error('no session cookie');
  return found;
};

/** The sign-in actions audited (the harness's own set-up, such as seeding the directory, left out). */
async function actions(actorId: string | null = null): Promise<string[]> {
  const page = await h.store.audit.list(actorId ? { actorId } : {}, { limit: 100 });
  return page.items
    .map((e) => e.action)
    .filter((a) => a.startsWith('auth.'))
    .reverse();
}

describe('console login (API)', () => {
  it('when the password is right, then an httpOnly SameSite=Strict cookie is set and only its SHA-256 is stored', async () => {
    const c = await createTestAccount(h, 'counsellor');
    const res = await request(h.app)
      .post('/api/v1/auth/login')
      .send({ email: c.email.toUpperCase(), password: TEST_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.user).toEqual({
      id: c.id,
      email: c.email,
      displayName: c.displayName,
      role: 'counsellor',
    });
    expect(typeof res.body.csrfToken).toBe('string');
    const cookie = sessionCookie(res);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).not.toMatch(/Secure/i);
    const token = decodeURIComponent(cookie.split(';')[0]!.split('=')[1]!);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(await h.store.sessions.find(token)).toBeNull();
    const stored = await h.store.sessions.find(createHash('sha256').update(token).digest('hex'));
    expect(stored?.counsellorId).toBe(c.id);
    expect(await actions(c.id)).toEqual([AUDIT.login]);
  });

  it('when COOKIE_SECURE is set, then the cookie is Secure', async () => {
    await h.replace({ config: testConfig({ COOKIE_SECURE: 'true' }) });
    const c = await createTestAccount(h, 'counsellor');
    const res = await request(h.app)
      .post('/api/v1/auth/login')
      .send({ email: c.email, password: TEST_PASSWORD });
    expect(sessionCookie(res)).toMatch(/; Secure/i);
  });

  it('when the password is wrong or the account unknown, then 401 with one message for both, and it is audited', async () => {
    const c = await createTestAccount(h, 'counsellor');
    const wrong = await request(h.app)
      .post('/api/v1/auth/login')
      .send({ email: c.email, password: 'not the password' });
    const unknown = await request(h.app)
      .post('/api/v1/auth/login')
      .send({ email: 'nobody@tanga.test', password: 'whatever1234' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    expect(await actions()).toEqual([AUDIT.loginFailed, AUDIT.loginFailed]);
  });

  it('when five logins fail, then the sixth is refused even with the right password, with a clear message', async () => {
    const c = await createTestAccount(h, 'counsellor');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const res = await request(h.app)
        .post('/api/v1/auth/login')
        .send({ email: c.email, password: `wrong password ${i}` });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 423]);
    const sixth = await request(h.app)
      .post('/api/v1/auth/login')
      .send({ email: c.email, password: TEST_PASSWORD });
    expect(sixth.status).toBe(423);
    expect(sixth.body.error.message).toMatch(/verrouillé après 5 échecs/);
    expect(sixth.body.error.message).toMatch(/15 minutes/);
    expect(sixth.headers['set-cookie']).toBeUndefined();

    h.clock.advance(15 * 60_000 + 1);
    const later = await request(h.app)
      .post('/api/v1/auth/login')
      .send({ email: c.email, password: TEST_PASSWORD });
    expect(later.status).toBe(200);
    expect((await h.store.counsellors.findById(c.id))?.failedLogins).toBe(0);
  });

  it('when an admin unlocks a locked account, then its owner can log in at once', async () => {
    const c = await createTestAccount(h, 'counsellor');
    const admin = await createTestAccount(h, 'admin');
    for (let i = 0; i < 5; i += 1) {
      await request(h.app).post('/api/v1/auth/login').send({ email: c.email, password: 'wrong password!' });
    }
    const { agent, csrf } = await apiLogin(h.app, admin.email);
    const unlock = await agent.post(`/api/v1/users/${c.id}/unlock`).set('x-csrf-token', csrf).send();
    expect(unlock.status).toBe(200);
    expect(unlock.body.user.lockedUntil).toBeNull();
    const res = await request(h.app)
      .post('/api/v1/auth/login')
      .send({ email: c.email, password: TEST_PASSWORD });
    expect(res.status).toBe(200);
  });

  it('when logins fail too often from one address, then further attempts get 429', async () => {
    await h.replace({ loginRateLimit: { windowMs: 60_000, limit: 3 } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const res = await request(h.app)
        .post('/api/v1/auth/login')
        .send({ email: `x${i}@tanga.test`, password: 'wrong password!' });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it('when the login body has an unknown field, then 400 and no session', async () => {
    const c = await createTestAccount(h, 'counsellor');
    const res = await request(h.app)
      .post('/api/v1/auth/login')
      .send({ email: c.email, password: TEST_PASSWORD, role: 'admin' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_request');
    expect(res.body.error.message).toMatch(/role/);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('when a deactivated account logs in, then it is refused, and its open session stops working', async () => {
    const c = await createTestAccount(h, 'counsellor');
    const { agent } = await apiLogin(h.app, c.email);
    await h.store.counsellors.update(c.id, { active: false });
    expect((await agent.get('/api/v1/reports')).status).toBe(401);
    const res = await request(h.app)
      .post('/api/v1/auth/login')
      .send({ email: c.email, password: TEST_PASSWORD });
    expect(res.status).toBe(401);
  });
});

describe('console sessions (API)', () => {
  it('when there is no session, then every API route answers 401 as JSON', async () => {
    for (const path of [
      '/api/v1/reports',
      '/api/v1/audit',
      '/api/v1/stats',
      '/api/v1/users',
      '/api/v1/auth/session',
    ]) {
      const res = await request(h.app).get(path);
      expect(res.status).toBe(401);
      expect(res.body.error).toEqual({ code: 'unauthorized', message: 'Connexion requise.' });
    }
  });

  it('when the session is idle longer than SESSION_IDLE_MINUTES, then it is refused as expired and deleted', async () => {
    const c = await createTestAccount(h, 'counsellor');
    const { agent } = await apiLogin(h.app, c.email);
    h.clock.advance(29 * 60_000);
    expect((await agent.get('/api/v1/reports')).status).toBe(200);
    h.clock.advance(29 * 60_000); // activity above reset the idle timer
    expect((await agent.get('/api/v1/reports')).status).toBe(200);
    h.clock.advance(30 * 60_000);
    const res = await agent.get('/api/v1/reports');
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(/expirée/);
    expect((await agent.get('/api/v1/reports')).body.error.message).toBe('Connexion requise.');
    expect(await actions(c.id)).toContain(AUDIT.sessionExpired);
  });

  it('when logging out without the CSRF token, then 403; with it, 204, the session is gone and it is audited', async () => {
    const c = await createTestAccount(h, 'counsellor');
    const { agent, csrf } = await apiLogin(h.app, c.email);
    expect((await agent.post('/api/v1/auth/logout').send()).status).toBe(403);
    expect((await agent.post('/api/v1/auth/logout').set('x-csrf-token', 'forged').send()).status).toBe(403);
    h.clock.advance(1000); // audit entries are ordered by time
    const out = await agent.post('/api/v1/auth/logout').set('x-csrf-token', csrf).send();
    expect(out.status).toBe(204);
    expect((await agent.get('/api/v1/auth/session')).status).toBe(401);
    expect(await actions(c.id)).toEqual([AUDIT.login, AUDIT.logout]);
  });

  it('when the session is read, then the account and the CSRF token come back', async () => {
    const c = await createTestAccount(h, 'supervisor');
    const { agent, csrf } = await apiLogin(h.app, c.email);
    const res = await agent.get('/api/v1/auth/session');
    expect(res.body).toEqual({
      user: expect.objectContaining({ id: c.id, role: 'supervisor' }),
      csrfToken: csrf,
    });
  });
});

describe('session rotation and clean-up', () => {
  it('when someone logs in again from the same browser, then the previous session token stops working', async () => {
    const c = await createTestAccount(h, 'counsellor');
    const first = await request(h.app)
      .post('/api/v1/auth/login')
      .send({ email: c.email, password: TEST_PASSWORD });
    const oldCookie = sessionCookie(first).split(';')[0]!;
    const second = await request(h.app)
      .post('/api/v1/auth/login')
      .set('Cookie', oldCookie)
      .send({ email: c.email, password: TEST_PASSWORD });
    expect(second.status).toBe(200);
    expect((await request(h.app).get('/api/v1/reports').set('Cookie', oldCookie)).status).toBe(401);
    const newCookie = sessionCookie(second).split(';')[0]!;
    expect((await request(h.app).get('/api/v1/reports').set('Cookie', newCookie)).status).toBe(200);
  });

  it('when idle sessions are cleaned up, then only the idle ones are deleted', async () => {
    const a = await createTestAccount(h, 'counsellor');
    const b = await createTestAccount(h, 'counsellor');
    const idle = await apiLogin(h.app, a.email);
    h.clock.advance(20 * 60_000);
    const fresh = await apiLogin(h.app, b.email);
    h.clock.advance(15 * 60_000);
    expect(await deleteIdleSessions(h.deps)).toBe(1);
    expect((await fresh.agent.get('/api/v1/reports')).status).toBe(200);
    expect((await idle.agent.get('/api/v1/reports')).status).toBe(401);
  });
});
