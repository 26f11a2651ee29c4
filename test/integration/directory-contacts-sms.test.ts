/**
 * Issue 14 D: the `contacts_*` SMS a caller asks for on a help_* screen lists the directory contacts that
 * screen shows now, and never an unverified one. Unverified → the queued SMS lacks the GBV line; a
 * supervisor's confirmed test call (console API) → the queued SMS includes it; past CONTACT_VERIFY_DAYS →
 * gone again. Real flows/, real SQLite (test calls, outbox), real Redis (sessions, the BullMQ SMS queue).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { loadContent } from '../../src/adapters/flows/flow-files';
import { allQueues, closeQueues, createQueues, type Queues } from '../../src/adapters/queue/queues';
import { closeRedis, createRedis } from '../../src/adapters/redis/redis-client';
import { wireHopService, wireSmsSender } from '../../src/composition/phone-wiring';
import { testConfig } from '../../src/config';
import { smsSegments } from '../../src/domain/flow/gsm';
import type { Locale } from '../../src/domain/shared/locale';
import { createSmsTemplates } from '../../src/domain/sms/sms-templates';
import { createLogger } from '../../src/logger';
import { ContactVisibility } from '../../src/phone/contact-visibility';
import { createSendSmsEffect } from '../../src/phone/followup-sms.effect';
import type { PhoneHopService } from '../../src/phone/hop.service';
import type { SmsSendOutcome, SmsSender } from '../../src/phone/sms-sender.service';
import { useConsoleHarness } from '../helpers/console-harness';

const content = loadContent(join(__dirname, '..', '..', 'flows'), { spelling: 'gsm', serviceCode: '*123#' });
const { flow } = content;
const directory = content.directory.entries;
const logger = createLogger({ level: 'silent' });
const prefix = `t-contacts-sms-${randomBytes(4).toString('hex')}`;
const DAY_MS = 86_400_000;
const GBV = 'gbv_hotline_80001132';
const GBV_NUMBER = '80 00 11 32';
const REGIONS = ['bamako', 'kayes', 'koulikoro', 'sikasso', 'other'] as const;
const templates = createSmsTemplates(flow, { spelling: 'gsm', defaults: { serviceCode: '*123#' } });

let visibility: ContactVisibility;
const h = useConsoleHarness({ directory, onTestCallRecorded: () => visibility.invalidate() });

let redis: Redis;
/** The queues' own connection, as the runtime has it ('blocking': no short command timeout). */
let queueRedis: Redis;
let queues: Queues;
let n = 0;

beforeAll(async () => {
  redis = createRedis('redis://127.0.0.1:6379', 'fast', logger);
  if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
  queueRedis = createRedis('redis://127.0.0.1:6379', 'blocking', logger);
  queues = createQueues(queueRedis, prefix);
  await queues.ready();
});
afterAll(async () => {
  for (const q of allQueues(queues)) await q.obliterate({ force: true }).catch(() => undefined);
  await closeQueues(queues);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await closeRedis(redis);
  await closeRedis(queueRedis);
});

/** The real sender (outbox in SQLite, job in BullMQ); only its outcomes are kept, to find the jobs. */
function sender(outcomes: SmsSendOutcome[]): SmsSender {
  const real = wireSmsSender({
    queue: queues.sms,
    store: h.store,
    sealer: h.sealer,
    config: testConfig({}),
    logger,
    clock: () => h.clock.now(),
  });
  return {
    async send(req) {
      const outcome = await real.send(req);
      outcomes.push(outcome);
      return outcome;
    },
  };
}

function hopService(outcomes: SmsSendOutcome[]): PhoneHopService {
  const smsSender = sender(outcomes);
  return wireHopService({
    flow,
    spelling: 'gsm',
    redis,
    prefix,
    pepper: randomBytes(32).toString('base64'),
    serviceCode: '*123#',
    logger,
    clock: () => h.clock.now(),
    contacts: visibility,
    effects: {
      sendSms: createSendSmsEffect({ flow, smsSender, templates, contacts: visibility }),
    },
  });
}

/**
 * A new caller asks for a region's addresses by SMS (language, 3 help, region, 1 "by SMS", 1 yes) and
 * gets back the text of the SMS job queued.
 */
async function askForAddresses(
  svc: PhoneHopService,
  outcomes: SmsSendOutcome[],
  lang: '1' | '2',
  region: number,
): Promise<{ sms: string; locale: string }> {
  const sessionId = `s-${++n}`;
  const caller = `+2237${String(3000000 + n).padStart(7, '0')}`;
  const inputs = [lang, '3', String(region), '1', '1'];
  for (let i = 0; i <= inputs.length; i++) {
    const path = inputs.slice(0, i);
    const answer = await svc.handle({
      channel: 'ussd',
      gateway: 'at',
      sessionId,
      caller,
      kind: i === 0 ? 'begin' : 'continue',
      input: path.at(-1) ?? null,
      extension: null,
      path: path.join('*'),
    });
    if (i === inputs.length) expect(answer.screen.node).toBe('sms_sent');
  }
  const outcome = outcomes.at(-1);
  if (!outcome?.queued) throw new Error('no SMS queued');
  const job = await queues.sms.getJob(outcome.jobId);
  if (!job) throw new Error('the SMS job is not in the queue');
  return { sms: job.data.text, locale: job.data.locale };
}

/** Every region in both locales: the SMS asked for there. */
async function everyRegion(
  svc: PhoneHopService,
  outcomes: SmsSendOutcome[],
): Promise<Array<{ key: string; sms: string }>> {
  const out: Array<{ key: string; sms: string }> = [];
  for (const [lang, locale] of [
    ['1', 'fr'],
    ['2', 'bm'],
  ] as const) {
    for (const [i, region] of REGIONS.entries()) {
      const got = await askForAddresses(svc, outcomes, lang, i + 1);
      expect(got.locale).toBe(locale);
      out.push({ key: `${locale}:${region}`, sms: got.sms });
    }
  }
  return out;
}

const naming = (rows: Array<{ key: string; sms: string }>): string[] =>
  rows.filter((r) => r.sms.includes(GBV_NUMBER)).map((r) => r.key);
const allKeys = ['fr', 'bm'].flatMap((l) => REGIONS.map((r) => `${l}:${r}`));

describe('the contacts SMS follows the directory contacts shown on the screens (issue 14 D)', () => {
  beforeEach(() => {
    visibility = new ContactVisibility({
      directory,
      testCalls: h.store.testCalls,
      verifyDays: h.deps.config.CONTACT_VERIFY_DAYS,
      logger,
    });
  });

  it('when the GBV line is unverified, then no contacts SMS names it; once a test call confirms it, every one does; past CONTACT_VERIFY_DAYS none does', async () => {
    const outcomes: SmsSendOutcome[] = [];
    const svc = hopService(outcomes);

    const before = await everyRegion(svc, outcomes);
    expect(naming(before)).toEqual([]);
    // The SMS is the template as reviewed, nothing added.
    const frBamako = before.find((r) => r.key === 'fr:bamako')?.sms;
    expect(frBamako).toBe(templates('contacts_bamako', 'fr'));

    const s = await h.signIn('supervisor');
    await s.post(`/directory/${GBV}/test-calls`, { outcome: 'confirmed' }).expect(201);

    const confirmed = await everyRegion(svc, outcomes);
    expect(naming(confirmed)).toEqual(allKeys);
    for (const r of confirmed) {
      // The contact the screen shows (directory-contacts-screens.test.ts), in discreet words, one segment.
      expect([r.key, smsSegments(r.sms)]).toEqual([
        r.key,
        expect.objectContaining({ encoding: 'gsm7', segments: 1 }),
      ]);
      expect(r.sms).not.toMatch(/violen|t[òo]+r[òo]li/i);
    }
    const byKey = (key: string) => confirmed.find((r) => r.key === key)?.sms;
    expect(byKey('fr:bamako')).toBe(`${templates('contacts_bamako', 'fr')}\nNuméro vert: ${GBV_NUMBER}`);
    expect(byKey('bm:kayes')).toBe(`${templates('contacts_kayes', 'bm')}\nNimòrò (sara tè): ${GBV_NUMBER}`);

    h.clock.advance(h.deps.config.CONTACT_VERIFY_DAYS * DAY_MS + 60_000);
    const expired = await everyRegion(svc, outcomes);
    expect(naming(expired)).toEqual([]);
  });

  it('when the last test call of the GBV line failed, then the contacts SMS does not name it', async () => {
    const s = await h.signIn('supervisor');
    await s.post(`/directory/${GBV}/test-calls`, { outcome: 'confirmed' }).expect(201);
    h.clock.advance(10 * 60_000);
    await s.post(`/directory/${GBV}/test-calls`, { outcome: 'no_answer' }).expect(201);
    const outcomes: SmsSendOutcome[] = [];
    const svc = hopService(outcomes);
    for (const locale of ['1', '2'] as const) {
      const got = await askForAddresses(svc, outcomes, locale, 1);
      expect(got.sms).not.toContain(GBV_NUMBER);
    }
  });

  it('when a template lists no contacts (a tip), then its text is unchanged by the visibility', () => {
    const shownAll = () => ({ phone: GBV_NUMBER });
    for (const locale of ['fr', 'bm'] as Locale[])
      expect(templates('tip_1', locale, {}, shownAll)).toBe(templates('tip_1', locale));
  });
});
