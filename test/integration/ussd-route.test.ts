import request from 'supertest';
import { fits } from '../../src/domain/flow/pager';
import { loadFixture } from '../helpers/flow-fixture';
import { PrivateRedis } from '../helpers/private-redis';
import { buildUssdApp, type UssdTestApp } from '../helpers/ussd-app';

const flow = loadFixture();
let t: UssdTestApp;
let session = 0;

const hop = (app: UssdTestApp['app'], sessionId: string, text: string, phoneNumber = '+22370123456') =>
  request(app)
    .post('/ussd')
    .type('form')
    .send({ sessionId, serviceCode: '*123#', phoneNumber, networkCode: '61002', text });

/** Dials and types `inputs` one hop at a time, as a phone would; returns every screen. */
async function dial(app: UssdTestApp['app'], inputs: string[], phoneNumber?: string): Promise<string[]> {
  const sessionId = `ATUid_${++session}_${Date.now()}`;
  const screens: string[] = [];
  for (let i = 0; i <= inputs.length; i++) {
    const res = await hop(app, sessionId, inputs.slice(0, i).join('*'), phoneNumber);
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/plain');
    expect(res.text).toMatch(/^(CON|END) /);
    expect(fits(res.text)).toBe(true);
    screens.push(res.text);
  }
  return screens;
}

beforeAll(async () => {
  t = buildUssdApp({ flow });
  // Remembered languages need the connection up; on a busy machine it may take longer than the first hop.
  await t.ready();
});
afterAll(async () => {
  await t.close();
});

describe("POST /ussd (Africa's Talking dialect)", () => {
  it('when a new caller dials, then the language menu comes first and the choice is remembered', async () => {
    const phone = '+22370000001';
    const first = await dial(t.app, ['2'], phone);
    expect(first[0]).toMatch(/^CON Langue \/ Kan\n1 Francais\n2 Bamanankan/);
    expect(first[1]).toContain('Laadilikanw');
    const again = await dial(t.app, [], phone);
    expect(again[0]).toMatch(/^CON Tanga\n1 Laadilikanw/);
  });

  it('when the caller walks the menu, then 0, 00, 98, 99 and invalid keys behave', async () => {
    const phone = '+22370000002';
    await dial(t.app, ['1'], phone); // choose French
    const screens = await dial(t.app, ['1', '98', '0', '00', '5', '2', '99'], phone);
    expect(screens[0]).toMatch(/^CON Tanga/);
    expect(screens[1]).toContain('98 Suite');
    expect(screens[2]).not.toEqual(screens[1]);
    expect(screens[3]).toEqual(screens[1]);
    expect(screens[4]).toMatch(/^CON Tanga/);
    expect(screens[5]).toMatch(/^CON Choix invalide\.\nTanga/);
    expect(screens[6]).toContain("Que s'est-il passé ?");
    expect(screens[7]).toBe('END Merci. Au revoir.');
  });

  it('when the final request is sent twice, then the same screen comes back', async () => {
    const sessionId = 'ATUid_repeat';
    await hop(t.app, sessionId, '');
    await hop(t.app, sessionId, '1');
    const a = await hop(t.app, sessionId, '1*2');
    const b = await hop(t.app, sessionId, '1*2');
    expect(a.text).toBe(b.text);
  });

  it('when a free-text answer contains *, then the exact input is kept across hops', async () => {
    const described: string[] = [];
    const app = buildUssdApp({
      flow,
      resolvers: {
        submitReport: (ctx) => {
          described.push(ctx.answers.description ?? '');
          return Promise.resolve({ code: 'K7M4QXR' });
        },
      },
    });
    try {
      const screens = await dial(app.app, ['1', '2', '1', 'he said*1', '2']);
      expect(screens.at(-1)).toBe('END Votre code: K7M4QXR. Composez *123#.');
      expect(described).toEqual(['he said*1']);
    } finally {
      await app.close();
    }
  });

  it('when the request is malformed, then 4xx with a clear message and never 5xx', async () => {
    const noSession = await request(t.app)
      .post('/ussd')
      .type('form')
      .send({ serviceCode: '*1#', phoneNumber: '+22370123456', text: '' });
    expect(noSession.status).toBe(400);
    expect(noSession.text).toContain('sessionId');

    const nonString = await request(t.app)
      .post('/ussd')
      .send({ sessionId: 'x', serviceCode: '*1#', phoneNumber: 22370123456, text: ['1'] });
    expect(nonString.status).toBe(400);
    expect(nonString.text).toMatch(/phoneNumber|text/);

    const huge = await request(t.app)
      .post('/ussd')
      .type('form')
      .send({ sessionId: 'x', serviceCode: '*1#', phoneNumber: '+22370123456', text: '1'.repeat(20_000) });
    expect(huge.status).toBe(413);

    const wrongType = await request(t.app)
      .post('/ussd')
      .set('content-type', 'text/plain')
      .send('sessionId=x');
    expect(wrongType.status).toBe(415);

    const notAPhone = await request(t.app)
      .post('/ussd')
      .type('form')
      .send({ sessionId: 'x', serviceCode: '*1#', phoneNumber: 'hello', text: '' });
    expect(notAPhone.status).toBe(400);
    expect(notAPhone.text).toContain('phoneNumber');

    const brokenJson = await request(t.app)
      .post('/ussd')
      .set('content-type', 'application/json')
      .send('{"sessionId":');
    expect(brokenJson.status).toBe(400);
  });

  it('when a resolver fails, then the caller gets a short apology END, never a stack trace', async () => {
    const app = buildUssdApp({
      flow,
      resolvers: { submitReport: () => Promise.reject(new Error('db down at /src/x.ts:1')) },
    });
    try {
      const screens = await dial(app.app, ['1', '2', '1', 'x', '2']);
      expect(screens.at(-1)).toMatch(/^END Désolé, réessayez plus tard\.$/);
    } finally {
      await app.close();
    }
  });

  it('when a gateway secret is configured, then callbacks without it are refused', async () => {
    const app = buildUssdApp({ flow, gatewaySecret: 's3cret-s3cret-s3cret' });
    try {
      expect((await hop(app.app, 's', '')).status).toBe(401);
      const ok = await request(app.app)
        .post('/ussd?token=s3cret-s3cret-s3cret')
        .type('form')
        .send({ sessionId: 's', serviceCode: '*1#', phoneNumber: '+22370123456', text: '' });
      expect(ok.status).toBe(200);
      const header = await request(app.app)
        .post('/ussd')
        .set('x-gateway-secret', 's3cret-s3cret-s3cret')
        .type('form')
        .send({ sessionId: 's', serviceCode: '*1#', phoneNumber: '+22370123456', text: '' });
      expect(header.status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('when AT posts the end-of-session event, then it is acknowledged and counted', async () => {
    const res = await request(t.app).post('/ussd/events').type('form').send({
      sessionId: 'x',
      status: 'Success',
      phoneNumber: '+22370123456',
      input: '1*2',
      hopsCount: '3',
      cost: 'KES 0.10',
    });
    expect(res.status).toBe(200);
    expect(res.text).toBe('OK');
    const metric = await t.metrics.ussdSessionEvents.get();
    expect(metric.values.find((v) => v.labels.status === 'success')?.value).toBe(1);
  });
});

describe('POST /ussd with Redis stopped', () => {
  it("when Redis stops in the middle of a returning caller's session, then the session goes on unchanged", async () => {
    const redis = await PrivateRedis.start();
    const app = buildUssdApp({ flow, redisUrl: redis.url });
    const phone = '+22370000010';
    try {
      await dial(app.app, ['2'], phone); // Bambara remembered
      const sessionId = 'ATUid_midway';
      const first = await hop(app.app, sessionId, '', phone);
      expect(first.text).toMatch(/^CON Tanga\n1 Laadilikanw/);
      await redis.stop();
      const second = await hop(app.app, sessionId, '2', phone);
      expect(second.text).toMatch(/^CON Mun kè ra\?|^CON Mun kèra\?/);
    } finally {
      await app.close();
      await redis.stop();
    }
  });

  it('when Redis is down, then every screen still answers (the language is asked again)', async () => {
    const redis = await PrivateRedis.start();
    const app = buildUssdApp({ flow, redisUrl: redis.url });
    await app.ready();
    try {
      await dial(app.app, ['1'], '+22370000009'); // remembered while Redis is up
      expect((await dial(app.app, [], '+22370000009'))[0]).toMatch(/^CON Tanga/);
      await redis.stop();
      const screens = await dial(app.app, ['1', '1', '98', '0', '00', '2', '1', 'hi', '1'], '+22370000009');
      expect(screens[0]).toMatch(/^CON Langue/);
      expect(screens[1]).toMatch(/^CON Tanga/);
      expect(screens.at(-1)).toMatch(/^END /);
    } finally {
      await app.close();
      await redis.stop();
    }
  });
});
