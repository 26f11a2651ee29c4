import request from 'supertest';
import { createHealthRouter } from '../../src/adapters/http/health.route';
import { createMetrics } from '../../src/adapters/metrics/metrics';
import { startMetricsServer, type MetricsServer } from '../../src/adapters/metrics/metrics.server';

const TOKEN = 'worker-metrics-token-0123456789';

describe('startMetricsServer (the worker process)', () => {
  let server: MetricsServer;
  const metrics = createMetrics({ defaults: false });
  let storeUp = true;

  beforeAll(async () => {
    server = await startMetricsServer({
      metrics,
      token: TOKEN,
      host: '127.0.0.1',
      port: 0,
      health: createHealthRouter([
        { name: 'store', check: () => (storeUp ? Promise.resolve() : Promise.reject(new Error('closed'))) },
      ]),
    });
  });
  afterAll(async () => {
    await server.close();
  });
  const url = () => `http://127.0.0.1:${server.port}`;

  it('when a job outcome was counted in this process, then /metrics with the token shows it', async () => {
    metrics.jobOutcomes.inc({ queue: 'sms', outcome: 'completed' });
    const res = await request(url()).get('/metrics').set('authorization', `Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('tanga_jobs_total{queue="sms",outcome="completed"} 1');
  });

  it('when no token is sent, then 401', async () => {
    expect((await request(url()).get('/metrics')).status).toBe(401);
  });

  it('when the store is down, then /healthz is 200 and /readyz 503; other paths are 404', async () => {
    storeUp = false;
    expect((await request(url()).get('/healthz')).status).toBe(200);
    expect((await request(url()).get('/readyz')).status).toBe(503);
    expect((await request(url()).get('/console')).status).toBe(404);
    storeUp = true;
    expect((await request(url()).get('/readyz')).status).toBe(200);
  });
});
