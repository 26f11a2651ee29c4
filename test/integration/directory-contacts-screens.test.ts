/**
 * Issue 14 D, acceptance: an unverified contact is absent from every screen; a supervisor's confirmed test
 * call (console API) makes it appear on the USSD screens that list it; the clock moved past
 * CONTACT_VERIFY_DAYS makes it disappear, and the console lists it as due. Real flows/, real SQLite, real
 * Redis (caller language and session history).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { loadContent } from '../../src/adapters/flows/flow-files';
import { closeRedis, createRedis } from '../../src/adapters/redis/redis-client';
import { wireHopService } from '../../src/composition/phone-wiring';
import { pagesOf, type EngineContext } from '../../src/domain/flow/engine';
import { phoneRendering } from '../../src/domain/flow/phone-rendering';
import { LOCALES } from '../../src/domain/shared/locale';
import { createLogger } from '../../src/logger';
import { ContactVisibility } from '../../src/phone/contact-visibility';
import type { PhoneHopService } from '../../src/phone/hop.service';
import { useConsoleHarness } from '../helpers/console-harness';

const content = loadContent(join(__dirname, '..', '..', 'flows'), { spelling: 'gsm', serviceCode: '*123#' });
const { flow } = content;
const directory = content.directory.entries;
const logger = createLogger({ level: 'silent' });
const prefix = `t-contacts-screens-${randomBytes(4).toString('hex')}`;
const DAY_MS = 86_400_000;
const GBV = 'gbv_hotline_80001132';
const GBV_NUMBER = '80 00 11 32';
/** The nodes flows/main.yaml lists the GBV line on (issue 14, item 17). */
const LISTING_GBV = ['danger', 'help_bamako', 'help_kayes', 'help_koulikoro', 'help_sikasso', 'help_other'];

// This process's visibility: the console tells it about a call at once (as src/runtime.ts wires it).
let visibility: ContactVisibility;
const h = useConsoleHarness({ directory, onTestCallRecorded: () => visibility.invalidate() });

let redis: Redis;
let n = 0;

beforeAll(async () => {
  redis = createRedis('redis://127.0.0.1:6379', 'fast', logger);
  if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await closeRedis(redis);
});

function newVisibility(): ContactVisibility {
  return new ContactVisibility({
    directory,
    testCalls: h.store.testCalls,
    verifyDays: h.deps.config.CONTACT_VERIFY_DAYS,
    logger,
  });
}

function hopService(contacts: ContactVisibility): PhoneHopService {
  return wireHopService({
    flow,
    spelling: 'gsm',
    redis,
    prefix,
    pepper: randomBytes(32).toString('base64'),
    serviceCode: '*123#',
    logger,
    clock: () => h.clock.now(),
    contacts,
  });
}

/** Every page of the screen reached by `inputs` (Africa's Talking's whole-path dialect, a new caller). */
async function pagesAt(
  svc: PhoneHopService,
  inputs: string[],
): Promise<{ node: string | null; text: string }> {
  const sessionId = `s-${++n}`;
  const caller = `+2237${String(2000000 + n).padStart(7, '0')}`;
  const hop = async (path: string[]) =>
    svc.handle({
      channel: 'ussd',
      gateway: 'at',
      sessionId,
      caller,
      kind: path.length === 0 ? 'begin' : 'continue',
      input: path.at(-1) ?? null,
      extension: null,
      path: path.join('*'),
    });
  for (let i = 0; i < inputs.length; i++) await hop(inputs.slice(0, i));
  let path = inputs;
  let answer = await hop(path);
  const node = answer.screen.node;
  const pages = [answer.screen.text];
  while (answer.screen.page + 1 < answer.screen.pageCount) {
    path = [...path, '98'];
    answer = await hop(path);
    pages.push(answer.screen.text);
  }
  return { node, text: pages.join('\n') };
}

/** The danger screen and the five help_* screens, as a caller in French and in Bambara reaches them. */
async function listingScreens(svc: PhoneHopService): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [lang, locale] of [
    ['1', 'fr'],
    ['2', 'bm'],
  ] as const) {
    const danger = await pagesAt(svc, [lang, '9']);
    out[`${locale}:${danger.node}`] = danger.text;
    for (const region of ['1', '2', '3', '4', '5']) {
      const help = await pagesAt(svc, [lang, '3', region]);
      out[`${locale}:${help.node}`] = help.text;
    }
  }
  return out;
}

/** Every page of every node of the flow, in both locales, rendered as phones get them now. */
async function everyScreen(contacts: ContactVisibility): Promise<Map<string, string>> {
  await contacts.refresh(h.clock.now());
  const ctx: EngineContext = {
    ...phoneRendering('gsm', true),
    flow,
    contactLine: (id, locale) => contacts.lineOf(id, locale),
  };
  const screens = new Map<string, string>();
  for (const locale of LOCALES) {
    for (const [id, node] of Object.entries(flow.nodes)) {
      screens.set(`${locale}:${id}`, pagesOf(ctx, locale, node, id, { serviceCode: '*123#' }).join('\n'));
    }
  }
  return screens;
}

const naming = (screens: Map<string, string> | Record<string, string>): string[] =>
  [...(screens instanceof Map ? screens : Object.entries(screens))]
    .filter(([, text]) => text.includes(GBV_NUMBER))
    .map(([key]) => key)
    .sort();

const expectedKeys = LOCALES.flatMap((l) => LISTING_GBV.map((id) => `${l}:${id}`)).sort();

describe('directory contacts on phone screens (issue 14 D)', () => {
  beforeEach(() => {
    visibility = newVisibility();
  });

  it('when the GBV line is unverified, then no screen names it; a confirmed test call shows it on danger and every help_* screen; past CONTACT_VERIFY_DAYS it disappears and is due', async () => {
    const svc = hopService(visibility);
    // Another instance: it learns of the call only on its next read of the store (at most 60 s later).
    const elsewhere = newVisibility();
    const svcElsewhere = hopService(elsewhere);

    expect(naming(await everyScreen(visibility))).toEqual([]);
    const before = await listingScreens(svc);
    expect(Object.keys(before).sort()).toEqual(expectedKeys);
    expect(naming(before)).toEqual([]);
    await listingScreens(svcElsewhere);

    const s = await h.signIn('supervisor');
    const res = await s.post(`/directory/${GBV}/test-calls`, { outcome: 'confirmed', note: 'Répond' });
    expect(res.status).toBe(201);

    // No wait: this process was told.
    const confirmed = await listingScreens(svc);
    expect(naming(confirmed)).toEqual(expectedKeys);
    expect(confirmed['fr:danger']).toContain(`Violences femmes et filles (gratuit): ${GBV_NUMBER}`);
    expect(naming(await everyScreen(visibility))).toEqual(expectedKeys);
    // The other instance still shows its last read until its copy is a minute old.
    expect(naming(await listingScreens(svcElsewhere))).toEqual([]);
    h.clock.advance(61_000);
    expect(naming(await listingScreens(svcElsewhere))).toEqual(expectedKeys);

    h.clock.advance(h.deps.config.CONTACT_VERIFY_DAYS * DAY_MS);
    expect(naming(await listingScreens(svc))).toEqual([]);
    expect(naming(await listingScreens(svcElsewhere))).toEqual([]);
    expect(naming(await everyScreen(visibility))).toEqual([]);

    // The supervisor's console session has long expired: a counsellor reads the directory now.
    const c = await h.signIn('counsellor');
    const dir = (await c.agent.get('/api/v1/directory')).body as {
      items: Array<{ id: string; verification: { state: string; shownOnPhones: boolean; due: boolean } }>;
      due: string[];
    };
    expect(dir.due).toContain(GBV);
    expect(dir.items.find((e) => e.id === GBV)?.verification).toMatchObject({
      state: 'expired',
      shownOnPhones: false,
      due: true,
    });
  });

  it('when the last test call of the GBV line failed, then no screen names it', async () => {
    const s = await h.signIn('supervisor');
    await s.post(`/directory/${GBV}/test-calls`, { outcome: 'confirmed' }).expect(201);
    h.clock.advance(10 * 60_000);
    await s.post(`/directory/${GBV}/test-calls`, { outcome: 'wrong_number' }).expect(201);
    expect(naming(await listingScreens(hopService(visibility)))).toEqual([]);
    expect(naming(await everyScreen(visibility))).toEqual([]);
  });
});
