import express from 'express';
import request from 'supertest';
import { errorHandler } from '../../src/adapters/http/error-handler';
import { wireSmsCallbacks } from '../../src/composition/phone-wiring';
import type { CreateSmsReport } from '../../src/phone/sms-inbound.service';
import { jobIdFor } from '../../src/adapters/queue/queues';
import type { SmsJob } from '../../src/adapters/queue/queues';
import { wireSmsSender } from '../../src/composition/phone-wiring';
import { callerKey } from '../../src/domain/privacy/caller-key';
import { generateReportCode } from '../../src/domain/reports/report-code';
import { aNewReport } from '../helpers/report-fixture';
import { createSmsTestEnv, testTemplates } from '../helpers/sms-test-env';
import type { SmsTestEnv } from '../helpers/sms-test-env';

const FROM = '+22370123456';
const SECRET = 'a-shared-secret-of-some-length';

describe('SMS callbacks (delivery reports and inbound keywords)', () => {
  let env: SmsTestEnv;
  let app: express.Express;
  let key: string;
  let reportsFiled: Parameters<CreateSmsReport>[];
  let nextReport: { code: string } | { limitReached: true } = { code: 'R7K2X' };
  let nextId = 0;

  const build = (secret?: string) => {
    const config = secret ? { ...env.config, GATEWAY_SECRET: secret } : env.config;
    const sender = wireSmsSender({
      queue: env.queues.sms,
      store: env.store,
      sealer: env.sealer,
      config,
      logger: env.logger,
    });
    const router = wireSmsCallbacks({
      config,
      store: env.store,
      sealer: env.sealer,
      sender,
      templates: testTemplates,
      tipCount: 3,
      createSmsReport: (...args) => {
        reportsFiled.push(args);
        return Promise.resolve(nextReport);
      },
      redis: env.redis,
      prefix: env.prefix,
      logger: env.logger,
    });
    const a = express();
    a.use(router);
    a.use(errorHandler(env.logger));
    return a;
  };

  beforeAll(async () => {
    env = await createSmsTestEnv('smscb', { config: { WRONG_CODES_PER_HOUR: '2' } });
    key = callerKey(env.config.PEPPER, FROM);
  });
  afterAll(async () => {
    await env.cleanup();
  });
  beforeEach(async () => {
    reportsFiled = [];
    await env.queues.sms.obliterate({ force: true });
    await env.store.subscribers.unsuppress(key, new Date());
    app = build();
  });

  /** Sends one inbound SMS with a fresh id; returns the id. */
  const inbound = async (text: string, id = `in-${++nextId}`) => {
    await request(app)
      .post('/sms/inbound')
      .type('form')
      .send({ from: FROM, to: '36001', text, date: '2026-03-10 10:00:00', id, networkCode: '61002' })
      .expect(200);
    return id;
  };
  const replyTo = async (id: string): Promise<SmsJob | undefined> =>
    (await env.queues.sms.getJob(jobIdFor(`inbound:${id}`)))?.data;

  describe('POST /sms/delivery', () => {
    it('when AT reports delivery of a known message, then the status is recorded, once', async () => {
      await env.store.smsLog.recordSent({
        messageId: 'ATXid_dlr1',
        jobId: 'j1',
        callerKey: key,
        status: 'Sent',
        at: new Date(),
      });
      const body = {
        id: 'ATXid_dlr1',
        status: 'Success',
        phoneNumber: FROM,
        networkCode: '61002',
        retryCount: '0',
      };
      await request(app).post('/sms/delivery').type('form').send(body).expect(200, 'OK');
      const first = await env.store.smsLog.find('ATXid_dlr1');
      expect(first).toMatchObject({ status: 'Success', failureReason: null });
      await request(app).post('/sms/delivery').type('form').send(body).expect(200);
      expect(await env.store.smsLog.find('ATXid_dlr1')).toEqual(first);
    });

    it('when the message failed, then the failure reason is kept', async () => {
      await env.store.smsLog.recordSent({
        messageId: 'ATXid_dlr2',
        jobId: 'j2',
        callerKey: key,
        status: 'Sent',
        at: new Date(),
      });
      await request(app)
        .post('/sms/delivery')
        .type('form')
        .send({ id: 'ATXid_dlr2', status: 'Failed', failureReason: 'DeliveryFailure', retryCount: '1' })
        .expect(200);
      expect(await env.store.smsLog.find('ATXid_dlr2')).toMatchObject({
        status: 'Failed',
        failureReason: 'DeliveryFailure',
      });
    });

    it('when the id is unknown, then it answers 200 and records nothing', async () => {
      await request(app)
        .post('/sms/delivery')
        .type('form')
        .send({ id: 'ATXid_nope', status: 'Success' })
        .expect(200);
      expect(await env.store.smsLog.find('ATXid_nope')).toBeNull();
    });

    it('when the body is malformed, then 400', async () => {
      await request(app).post('/sms/delivery').type('form').send({ status: 'Success' }).expect(400);
      await request(app).post('/sms/delivery').type('form').send({ id: 'x', status: '' }).expect(400);
      await request(app)
        .post('/sms/delivery')
        .type('form')
        .send({ id: 'x', status: 'Sent', retryCount: 'many' })
        .expect(400);
    });

    it('when the operator reports the person blacklisted us, then the caller is suppressed', async () => {
      await env.store.smsLog.recordSent({
        messageId: 'ATXid_bl',
        jobId: 'jbl',
        callerKey: key,
        status: 'Sent',
        at: new Date(),
      });
      await request(app)
        .post('/sms/delivery')
        .type('form')
        .send({ id: 'ATXid_bl', status: 'Rejected', failureReason: 'UserInBlackList', phoneNumber: FROM })
        .expect(200);
      expect(await env.store.subscribers.find(key)).toMatchObject({
        suppressed: true,
        suppressedReason: 'blacklisted',
      });
    });
    it('when a report for a message Tanga sent names another number as blacklisted, then only the real recipient is suppressed', async () => {
      const victim = '+22370123888';
      const victimKey = callerKey(env.config.PEPPER, victim);
      await env.store.smsLog.recordSent({
        messageId: 'ATXid_other',
        jobId: 'jother',
        callerKey: key,
        status: 'Sent',
        at: new Date(),
      });
      await request(app)
        .post('/sms/delivery')
        .type('form')
        .send({
          id: 'ATXid_other',
          status: 'Rejected',
          failureReason: 'UserInBlackList',
          phoneNumber: victim,
        })
        .expect(200);
      expect(await env.store.subscribers.isSuppressed(victimKey)).toBe(false);
      expect(await env.store.subscribers.isSuppressed(key)).toBe(true);
    });

    it('when a forged report for a message Tanga never sent says UserInBlackList, then it answers 200 and the number stays unsuppressed', async () => {
      const victim = '+22370123999';
      const victimKey = callerKey(env.config.PEPPER, victim);
      await request(app)
        .post('/sms/delivery')
        .type('form')
        .send({
          id: 'ATXid_forged',
          status: 'Rejected',
          failureReason: 'UserInBlackList',
          phoneNumber: victim,
        })
        .expect(200, 'OK');
      expect(await env.store.subscribers.isSuppressed(victimKey)).toBe(false);
      expect(await env.store.smsLog.find('ATXid_forged')).toBeNull();
    });
  });

  describe('POST /sms/inbound', () => {
    it('when the same message id arrives twice, then it is handled once', async () => {
      await inbound('aide', 'dup-1');
      await inbound('aide', 'dup-1');
      expect(await env.queues.sms.getJobCounts('waiting', 'delayed')).toEqual({ waiting: 1, delayed: 0 });
    });

    it('when HELP comes in, then the help text is queued as an immediate reply, number sealed', async () => {
      const id = await inbound('Aide');
      const job = await env.queues.sms.getJob(jobIdFor(`inbound:${id}`));
      expect(job?.data).toMatchObject({ kind: 'reply', callerKey: key, text: 'fr:help', locale: 'fr' });
      expect(job?.delay ?? 0).toBe(0);
      expect(job?.data.sealedTo).not.toContain('70123456');
      expect(env.sealer.open(job!.data.sealedTo)).toBe(FROM);
    });

    it('when a Bambara keyword comes in, then the reply is in Bambara', async () => {
      expect(await replyTo(await inbound('dɛmɛ'))).toMatchObject({ text: 'bm:help', locale: 'bm' });
    });

    it('when an unknown word comes in, then the reply is help', async () => {
      expect(await replyTo(await inbound('bonjour ?'))).toMatchObject({ text: 'fr:help' });
    });

    it('when STOP comes in, then the caller is suppressed and only stop_confirm goes out; START lifts it', async () => {
      const stop = await inbound('ARRÊT');
      expect(await env.store.subscribers.isSuppressed(key)).toBe(true);
      expect(await replyTo(stop)).toMatchObject({ text: 'fr:stop_confirm', ignoreSuppression: true });
      expect(await replyTo(await inbound('aide'))).toBeUndefined();
      const start = await inbound('reprendre');
      expect(await env.store.subscribers.isSuppressed(key)).toBe(false);
      expect(await replyTo(start)).toMatchObject({ text: 'fr:start_confirm' });
    });

    it('when TIP comes in twice, then the next tips go out in turn', async () => {
      const first = (await replyTo(await inbound('conseil')))?.text;
      const second = (await replyTo(await inbound('tip')))?.text;
      expect([first, second]).toEqual([
        expect.stringMatching(/^fr:tip_\d$/),
        expect.stringMatching(/^fr:tip_\d$/),
      ]);
      expect(first).not.toBe(second);
    });

    it('when CODE names a known report, then its status is sent; an unknown code gets unknown_code', async () => {
      const code = generateReportCode();
      const report = await env.store.reports.create(aNewReport({ code }));
      const typed = `${code.slice(0, 4)} ${code.slice(4)}`;
      expect(await replyTo(await inbound(`code ${typed}`))).toMatchObject({
        text: `fr:code_status status=fr:status_${report.status}`,
      });
      expect(await replyTo(await inbound(`kodi ${generateReportCode()}`))).toMatchObject({
        text: 'bm:unknown_code',
      });
    });

    it('when too many wrong codes were tried this hour, then help is sent without a lookup', async () => {
      const other = '+22366123456';
      const send = (text: string, id: string) =>
        request(app)
          .post('/sms/inbound')
          .type('form')
          .send({ from: other, to: '36001', text, date: '2026-03-10 10:00:00', id })
          .expect(200);
      const good = generateReportCode();
      await env.store.reports.create(aNewReport({ code: good }));
      // A typo (wrong check digit) is refused without counting as a guess.
      const typo = `${good.slice(0, 7)}${(Number(good[7]) + 1) % 10}`;
      await send(`code ${typo}`, 'wc-0');
      await send(`code ${generateReportCode()}`, 'wc-1');
      await send(`code ${generateReportCode()}`, 'wc-2');
      await send(`code ${good}`, 'wc-3');
      expect(await replyTo('wc-0')).toMatchObject({ text: 'fr:unknown_code' });
      expect(await replyTo('wc-2')).toMatchObject({ text: 'fr:unknown_code' });
      expect(await replyTo('wc-3')).toMatchObject({ text: 'fr:help' });
    });

    it('when SIGNALER comes with text, then a report is filed and the receipt carries its code', async () => {
      const id = await inbound('signaler il me menace *123# sur whatsapp');
      expect(reportsFiled).toEqual([[key, 'il me menace *123# sur whatsapp', 'fr', id]]);
      expect(await replyTo(id)).toMatchObject({ text: 'fr:receipt code=R7K2X' });
    });

    it('when the caller is over the daily report limit, then the reply is the kind limit text', async () => {
      nextReport = { limitReached: true };
      try {
        const id = await inbound('signaler encore une fois');
        expect(await replyTo(id)).toMatchObject({ text: 'fr:report_limit' });
      } finally {
        nextReport = { code: 'R7K2X' };
      }
    });

    it('when the sender is not a phone number, then it is acknowledged and ignored', async () => {
      await request(app)
        .post('/sms/inbound')
        .type('form')
        .send({ from: 'ORANGE', to: '36001', text: 'aide', date: 'x', id: 'not-a-number' })
        .expect(200);
      expect(await replyTo('not-a-number')).toBeUndefined();
    });

    it('when a field is missing, then 400', async () => {
      await request(app).post('/sms/inbound').type('form').send({ from: FROM, text: 'aide' }).expect(400);
    });

    it('when the body is larger than the limit, then 413', async () => {
      await request(app)
        .post('/sms/inbound')
        .type('form')
        .send({ from: FROM, to: '36001', text: 'x'.repeat(20_000), date: 'd', id: 'big' })
        .expect(413);
    });
  });

  describe('shared secret', () => {
    beforeEach(() => {
      app = build(SECRET);
    });
    const body = { id: 'ATXid_s', status: 'Success' };

    it('when a secret is configured and none is given, then 401 on both routes', async () => {
      await request(app).post('/sms/delivery').type('form').send(body).expect(401);
      await request(app)
        .post('/sms/inbound')
        .type('form')
        .send({ from: FROM, to: '1', text: 'aide', date: 'd', id: 'sec-1' })
        .expect(401);
      expect(await replyTo('sec-1')).toBeUndefined();
    });

    it('when the secret is wrong, then 401', async () => {
      await request(app).post('/sms/delivery?token=wrong').type('form').send(body).expect(401);
      await request(app)
        .post('/sms/delivery')
        .set('x-gateway-secret', `${SECRET}x`)
        .type('form')
        .send(body)
        .expect(401);
    });

    it('when the secret is given as ?token= or as the header, then the callback is accepted', async () => {
      await request(app).post(`/sms/delivery?token=${SECRET}`).type('form').send(body).expect(200);
      await request(app)
        .post('/sms/delivery')
        .set('x-gateway-secret', SECRET)
        .type('form')
        .send(body)
        .expect(200);
    });
  });
});
