import express from 'express';
import request from 'supertest';
import { errorHandler } from '../../src/adapters/http/error-handler';
import { wireSmsCallbacks } from '../../src/composition/phone-wiring';
import { createRedis, closeRedis } from '../../src/adapters/redis/redis-client';
import { createWrongCodeCounter } from '../../src/adapters/redis/wrong-code-counter';
import { jobIdFor } from '../../src/adapters/queue/queues';
import { wireSmsSender } from '../../src/composition/phone-wiring';
import { generateReportCode } from '../../src/domain/reports/report-code';
import { createLogger } from '../../src/logger';
import { freePort } from '../helpers/free-port';
import { aNewReport } from '../helpers/report-fixture';
import { codeOn, createReportingEnv, uniqueSession, type ReportingEnv } from '../helpers/reporting-env';
import { createSmsTestEnv, testTemplates, type SmsTestEnv } from '../helpers/sms-test-env';

/**
 * Finding 4 of the hardening review, from the attacker's side: many concurrent follow-by-code guesses from
 * one caller must not all be looked up (the limit used to be read before the lookup and counted after).
 */
const LIMIT = 5;
const GUESSES = 50;

/** 49 codes no report has, and the real one in the middle. */
function guessesAround(real: string): string[] {
  const codes = Array.from({ length: GUESSES - 1 }, () => generateReportCode());
  codes.splice(25, 0, real);
  return codes;
}

describe('USSD follow-by-code under concurrent guessing', () => {
  let env: ReportingEnv;
  beforeAll(async () => {
    env = await createReportingEnv('wc-race-ussd', {
      config: { WRONG_CODES_PER_HOUR: String(LIMIT) },
    });
  });
  afterAll(async () => {
    await env.close();
  });

  it('when one caller sends 50 guesses at once, then at most the limit are looked up and the real code is not revealed past it', async () => {
    const victim = '+22370333001';
    const attacker = '+22370333002';
    const filing = uniqueSession('victim');
    // Language, "report", for me, other, WhatsApp, 18-24, no answer, no disability, Bamako, no danger,
    // skip the text, code only (which sends).
    const form = ['1', '4', '1', '7', '1', '2', '4', '2', '1', '2', '1', '2'];
    const real = codeOn((await env.dial(filing, form, victim)).at(-1));
    await env.storedReport(env.refOf(filing, victim));

    // The attacker's language is chosen once; then 50 sessions wait on "enter your code".
    await env.dial(uniqueSession('lang'), ['1'], attacker);
    const codes = guessesAround(real);
    const sessions = codes.map(() => uniqueSession('guess'));
    for (const s of sessions) await env.dial(s, ['5'], attacker);

    const findByCode = jest.spyOn(env.store.reports, 'findByCode');
    try {
      const screens = await Promise.all(sessions.map((s, i) => env.hop(s, `5*${codes[i]}`, attacker)));
      expect(findByCode.mock.calls.length).toBeLessThanOrEqual(LIMIT);
      const answered = screens.filter((s) => !/trop d'essais/.test(s));
      expect(answered.length).toBeLessThanOrEqual(LIMIT);
      expect(screens.filter((s) => /trop d'essais/.test(s)).length).toBeGreaterThanOrEqual(GUESSES - LIMIT);
      // The real code's screen shows the status only if its lookup was one of the allowed ones.
      const realScreen = screens[25] ?? '';
      if (/attente de lecture/.test(realScreen)) {
        expect(findByCode.mock.calls.map((c) => c[0])).toContain(real);
      }
    } finally {
      findByCode.mockRestore();
    }
  });
});

describe('SMS CODE keyword under concurrent guessing', () => {
  let env: SmsTestEnv;
  beforeAll(async () => {
    env = await createSmsTestEnv('wc-race-sms', { config: { WRONG_CODES_PER_HOUR: String(LIMIT) } });
  });
  afterAll(async () => {
    await env.cleanup();
  });

  it('when one number sends 50 CODE messages at once, then at most the limit are looked up and the rest get help', async () => {
    const sender = wireSmsSender({
      queue: env.queues.sms,
      store: env.store,
      sealer: env.sealer,
      config: env.config,
      logger: env.logger,
    });
    const app = express();
    app.use(
      wireSmsCallbacks({
        config: env.config,
        store: env.store,
        sealer: env.sealer,
        sender,
        templates: testTemplates,
        tipCount: 3,
        createSmsReport: () => Promise.resolve({ code: '00000000' }),
        redis: env.redis,
        prefix: env.prefix,
        logger: env.logger,
      }),
    );
    app.use(errorHandler(env.logger));
    const real = generateReportCode();
    await env.store.reports.create(aNewReport({ code: real }));
    const codes = guessesAround(real);

    const findByCode = jest.spyOn(env.store.reports, 'findByCode');
    try {
      await Promise.all(
        codes.map((code, i) =>
          request(app)
            .post('/sms/inbound')
            .type('form')
            .send({
              from: '+22370333003',
              to: '36001',
              text: `code ${code}`,
              date: '2026-03-10 10:00:00',
              id: `race-${env.prefix}-${i}`,
            })
            .expect(200),
        ),
      );
      expect(findByCode.mock.calls.length).toBeLessThanOrEqual(LIMIT);
      const replies = await Promise.all(
        codes.map(
          async (_c, i) =>
            (await env.queues.sms.getJob(jobIdFor(`inbound:race-${env.prefix}-${i}`)))?.data.text,
        ),
      );
      expect(replies.filter((t) => t === 'fr:help')).toHaveLength(GUESSES - findByCode.mock.calls.length);
      if (replies[25]?.startsWith('fr:code_status')) {
        expect(findByCode.mock.calls.map((c) => c[0])).toContain(real);
      }
    } finally {
      findByCode.mockRestore();
    }
  });
});

describe('wrong-code limit without Redis', () => {
  it('when Redis does not answer, then 50 concurrent lookups from one caller get exactly the limit, in this instance', async () => {
    const logger = createLogger({ level: 'silent' });
    // Nothing listens there: every command fails at once (the fast client queues nothing offline).
    const redis = createRedis(`redis://127.0.0.1:${await freePort()}`, 'fast', logger);
    try {
      const counter = createWrongCodeCounter(redis, { prefix: `t-wc-mem-${process.pid}`, perHour: LIMIT });
      const now = new Date();
      const verdicts = await Promise.all(
        Array.from({ length: GUESSES }, (_v, i) =>
          counter.tryLookup('caller-a', now, i % 2 ? undefined : `s${i}`),
        ),
      );
      expect(verdicts.filter(Boolean)).toHaveLength(LIMIT);
      // The same session and code gets its first verdict again without a new slot; another caller is free.
      expect(await counter.tryLookup('caller-a', now, 's0')).toBe(true);
      expect(await counter.tryLookup('caller-b', now)).toBe(true);
    } finally {
      await closeRedis(redis);
    }
  });
});
