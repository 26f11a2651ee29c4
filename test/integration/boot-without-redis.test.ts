/**
 * The service starts, answers USSD and stops cleanly even when Redis is down from the start (inline
 * workers included): Redis trouble never costs a caller the answer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startServer } from '../../src/server';

it('when Redis is down at boot, then the service still starts, answers USSD, says degraded, and stops', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tanga-noredis-'));
  // Nothing listens on port 1: every Redis connection is refused.
  const svc = await startServer({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    WORKERS: 'inline',
    REDIS_URL: 'redis://127.0.0.1:1',
  });
  try {
    const base = `http://127.0.0.1:${svc.port}`;
    const ussd = await request(base)
      .post('/ussd')
      .type('form')
      .send({ sessionId: 'NOREDIS', serviceCode: '*123#', phoneNumber: '+22370777001', text: '1' });
    expect(ussd.status).toBe(200);
    expect(ussd.text).toMatch(/^CON Tanga \(99 Quitter\)\n1 Se protéger/);
    const ready = await request(base).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({
      status: 'degraded',
      checks: { store: 'up', redis: 'down', 'redis-aof': 'up' },
    });
  } finally {
    await svc.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
