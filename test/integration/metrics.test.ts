import request from 'supertest';
import { startTestService, type TestService } from '../helpers/test-service';

const TOKEN = 'metrics-token-for-tests-0123456789';

const hop = (url: string, text: string) =>
  request(url)
    .post('/ussd')
    .type('form')
    .send({
      sessionId: `ATUid_metrics_${Date.now()}`,
      serviceCode: '*123#',
      phoneNumber: '+22370123456',
      text,
    });

const scrape = (url: string) => request(url).get('/metrics').set('authorization', `Bearer ${TOKEN}`);

describe('/metrics with METRICS_TOKEN set', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService({ METRICS_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await svc.close();
  });

  it('when no token is sent, then 401 and nothing else', async () => {
    const res = await request(svc.url).get('/metrics');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(res.text).not.toContain('tanga_');
  });

  it('when a wrong token is sent, then 401', async () => {
    for (const header of [`Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(1)}`, TOKEN, `Basic ${TOKEN}`]) {
      const res = await request(svc.url).get('/metrics').set('authorization', header);
      expect(res.status).toBe(401);
    }
  });

  it('when a USSD hop was answered, then the scrape has its latency, CON answer and process metrics', async () => {
    const screen = await hop(svc.url, '');
    expect(screen.text).toMatch(/^CON /);

    const res = await scrape(svc.url);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.text).toMatch(/^tanga_ussd_request_duration_seconds_count\{outcome="[a-z]+"\} [1-9]/m);
    expect(res.text).toMatch(/^tanga_ussd_answers_total\{kind="CON"\} [1-9]/m);
    expect(res.text).toMatch(/^tanga_process_cpu_seconds_total \d/m);
    expect(res.text).toMatch(/^tanga_nodejs_eventloop_lag_seconds \d/m);
  });

  it('when a report is filed and its final request comes again, then it is counted once, as stored directly', async () => {
    const sessionId = `ATUid_metrics_report_${Date.now()}`;
    // French; report: me, threats, WhatsApp, under 18, woman, no disability, Bamako, in danger now, skip
    // the text, code only.
    const inputs = ['1', '4', '1', '3', '1', '1', '1', '2', '1', '1', '1', '2'];
    const at = (text: string) =>
      request(svc.url)
        .post('/ussd')
        .type('form')
        .send({ sessionId, serviceCode: '*123#', phoneNumber: '+22370123457', text });
    for (let i = 0; i < inputs.length; i++) await at(inputs.slice(0, i).join('*'));
    const final = await at(inputs.join('*'));
    expect(final.text).toMatch(/^END .*\d{8}/);
    // The gateway's retry of the final request, and a stray input after END: the same report.
    expect((await at(inputs.join('*'))).text).toBe(final.text);
    await at([...inputs, '1'].join('*'));

    const res = await scrape(svc.url);
    expect(res.text).toMatch(/^tanga_reports_created_total\{channel="ussd",path="store"\} 1$/m);
    expect(res.text).not.toMatch(/^tanga_reports_created_total\{channel="ussd",path="queue"\}/m);
  });

  it('when a job waits in a queue, then tanga_queue_jobs reports it at scrape time', async () => {
    const before = await scrape(svc.url);
    expect(before.text).toMatch(/^tanga_queue_jobs\{queue="sms",state="waiting"\} 0$/m);
    expect(before.text).toMatch(/^tanga_queue_jobs\{queue="reports",state="waiting"\} 0$/m);
    expect(before.text).toMatch(/^tanga_queue_jobs\{queue="schedules",state="delayed"\} 0$/m);

    // No worker runs in this service (WORKERS=none), so the job stays waiting.
    await svc.running.runtime.queues.schedules.add('outbox-drain', {});
    const after = await scrape(svc.url);
    expect(after.text).toMatch(/^tanga_queue_jobs\{queue="schedules",state="waiting"\} 1$/m);
  });

  it('when Redis is down, then the scrape still answers, without stale queue depths', async () => {
    await svc.redis.stop();
    const res = await scrape(svc.url);
    expect(res.status).toBe(200);
    expect(res.text).toContain('tanga_ussd_answers_total');
    expect(res.text).not.toMatch(/^tanga_queue_jobs\{/m);
  });
});

describe('/metrics without METRICS_TOKEN', () => {
  it('when the token is unset, then /metrics does not exist (404), even with a bearer header', async () => {
    const svc = await startTestService();
    try {
      expect((await request(svc.url).get('/metrics')).status).toBe(404);
      expect((await request(svc.url).get('/metrics').set('authorization', 'Bearer anything')).status).toBe(
        404,
      );
    } finally {
      await svc.close();
    }
  });
});
