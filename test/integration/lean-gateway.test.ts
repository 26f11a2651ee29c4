/**
 * The lean gateway path (issue 13) refuses exactly what the Express path refused, with the same statuses
 * (400 fields, 401 secret, 413 size, 415 content type, 503 while shutting down), logs every refusal and
 * error, and logs nothing for an answered hop. Other paths and methods still reach Express.
 */
import type { RequestListener } from 'node:http';
import { Writable } from 'node:stream';
import request from 'supertest';
import { createAtUssdRoutes } from '../../src/adapters/gateways/at-ussd.route';
import { createGatewayFrontDoor } from '../../src/adapters/gateways/gateway-front-door';
import { createApp } from '../../src/adapters/http/app';
import { createMetrics } from '../../src/adapters/metrics/metrics';
import { createLogger } from '../../src/logger';
import type { PhoneHopHandler } from '../../src/phone/hop';

const SECRET = 's3cret-s3cret-s3cret';
const good = { sessionId: 's1', serviceCode: '*123#', phoneNumber: '+22370123456', text: '' };

function build(handler: PhoneHopHandler, shuttingDown = false) {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger({ level: 'info', destination });
  const metrics = createMetrics({ defaults: false });
  const listener: RequestListener = createGatewayFrontDoor({
    routes: createAtUssdRoutes({ sessions: handler, gatewaySecret: SECRET, metrics }),
    fallback: createApp({ logger, routers: [], readiness: [] }),
    logger,
    isShuttingDown: () => shuttingDown,
  });
  return { listener, lines, metrics };
}

const answering: PhoneHopHandler = {
  handle: () =>
    Promise.resolve({
      screen: { kind: 'CON', text: 'Tanga\n1 Conseils', node: 'home', page: 0, pageCount: 1 },
      locale: 'fr',
      vars: {},
      outcome: 'ok',
    }),
};

const post = (listener: RequestListener, path = `/ussd?token=${SECRET}`) => request(listener).post(path);

describe('the lean gateway path', () => {
  it('when a hop is answered, then it is CON text and nothing is logged', async () => {
    const { listener, lines, metrics } = build(answering);
    const res = await post(listener).type('form').send(good);
    expect([res.status, res.text, res.headers['content-type']]).toEqual([
      200,
      'CON Tanga\n1 Conseils',
      'text/plain; charset=utf-8',
    ]);
    expect(lines).toEqual([]);
    expect(await metrics.registry.getSingleMetricAsString('tanga_ussd_answers_total')).toMatch(
      /kind="CON"} 1/,
    );
  });

  it('when requests are bad, then each gets the status the Express path gave, and each refusal is logged', async () => {
    const { listener, lines } = build(answering);
    const cases: [string, () => request.Test, number][] = [
      ['no secret', () => post(listener, '/ussd').type('form').send(good), 401],
      [
        'wrong secret',
        () => post(listener, '/ussd').set('x-gateway-secret', 'x'.repeat(20)).type('form').send(good),
        401,
      ],
      ['text/plain', () => post(listener).set('content-type', 'text/plain').send('sessionId=x'), 415],
      ['no content type', () => post(listener), 415],
      [
        'too large',
        () =>
          post(listener)
            .type('form')
            .send({ ...good, text: '1'.repeat(20_000) }),
        413,
      ],
      [
        'no sessionId',
        () =>
          post(listener)
            .type('form')
            .send({ ...good, sessionId: undefined }),
        400,
      ],
      ['number field', () => post(listener).send({ ...good, phoneNumber: 22370123456 }), 400],
      ['array field', () => post(listener).send({ ...good, text: ['1'] }), 400],
      [
        'repeated field',
        () =>
          post(listener)
            .type('form')
            .send('sessionId=a&sessionId=b&serviceCode=1&phoneNumber=%2B22370123456'),
        400,
      ],
      [
        'not a phone',
        () =>
          post(listener)
            .type('form')
            .send({ ...good, phoneNumber: 'hello' }),
        400,
      ],
      [
        'broken JSON',
        () => post(listener).set('content-type', 'application/json').send('{"sessionId":'),
        400,
      ],
      ['JSON array', () => post(listener).set('content-type', 'application/json').send('[1]'), 400],
      [
        'text too long',
        () =>
          post(listener)
            .type('form')
            .send({ ...good, text: '1'.repeat(1001) }),
        400,
      ],
      ['bad event', () => post(listener, `/ussd/events?token=${SECRET}`).type('form').send({}), 400],
    ];
    for (const [name, send, status] of cases) {
      const res = await send();
      expect([name, res.status]).toEqual([name, status]);
      expect(res.text).not.toMatch(/at .*\.ts:\d+/);
    }
    const refusals = lines.filter((l) => l.msg === 'request refused');
    expect(refusals.map((l) => l.status)).toEqual(cases.map(([, , status]) => status));
  });

  it('when the hop service throws, then 500 with a plain apology and the error is logged', async () => {
    const { listener, lines } = build({ handle: () => Promise.reject(new Error('boom at /src/x.ts:1')) });
    const res = await post(listener).type('form').send(good);
    expect(res.status).toBe(500);
    expect(res.text).toBe('Something went wrong. Please try again later.');
    expect(lines.some((l) => l.msg === 'request failed' && l.level === 50)).toBe(true);
  });

  it('when shutting down, then 503 and the connection closes; other paths and methods go to Express', async () => {
    const closing = build(answering, true);
    const res = await post(closing.listener).type('form').send(good);
    expect([res.status, res.headers.connection]).toEqual([503, 'close']);
    const { listener } = build(answering);
    expect((await request(listener).get('/ussd')).status).toBe(404);
    expect((await request(listener).get('/healthz')).status).toBe(200);
  });
});
