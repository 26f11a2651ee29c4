/**
 * Issue 14 D, acceptance: an unverified contact is absent from every screen; a supervisor's confirmed test
 * call (console API) makes it appear on the USSD screens that list it; the clock moved past
 * CONTACT_VERIFY_DAYS makes it disappear, and the console lists it as due. The emergency numbers from
 * sources: a failed test call takes one off every screen (the console alarms), a confirmed one brings it
 * back; a number changed in the console is hidden until confirmed. Real flows/, real SQLite (directory and
 * test calls, seeded from flows/directory.yaml), real Redis (caller language and session history).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadContent } from '../../src/adapters/flows/flow-files';
import { wireHopService } from '../../src/composition/phone-wiring';
import type { BambaraSpelling } from '../../src/domain/flow/bambara-spelling';
import { pagesOf, type EngineContext } from '../../src/domain/flow/engine';
import { phoneRendering } from '../../src/domain/flow/phone-rendering';
import { LOCALES } from '../../src/domain/shared/locale';
import { createLogger } from '../../src/logger';
import { ContactVisibility } from '../../src/phone/contact-visibility';
import type { PhoneHopService } from '../../src/phone/hop.service';
import { useConsoleHarness } from '../helpers/console-harness';
import { useScratchRedis } from '../helpers/scratch-redis';

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

/** The console's log lines (level and text), to hear the alarm of a failed emergency number. */
const logged: { level: number; line: string }[] = [];
const consoleLogger = createLogger({
  level: 'info',
  destination: new Writable({
    write(chunk: Buffer, _enc, done) {
      const line = chunk.toString();
      logged.push({ level: (JSON.parse(line) as { level: number }).level, line });
      done();
    },
  }),
});

// This process's visibility: the console tells it about a call at once (as src/runtime.ts wires it).
let visibility: ContactVisibility;
const h = useConsoleHarness({
  directory,
  onTestCallRecorded: () => visibility.invalidate(),
  logger: consoleLogger,
});

const redis = useScratchRedis(prefix, logger);
let n = 0;

function newVisibility(): ContactVisibility {
  return new ContactVisibility({
    directory,
    entries: h.store.directory,
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

/**
 * Every page of every node of the flow, in both locales, rendered as phones get them now (in `spelling`,
 * the gsm one unless said).
 */
async function everyScreen(
  contacts: ContactVisibility,
  spelling: BambaraSpelling = 'gsm',
): Promise<Map<string, string>> {
  await contacts.refresh(h.clock.now());
  const ctx: EngineContext = {
    ...phoneRendering(spelling, true),
    flow,
    contactLine: (id, locale) => contacts.lineOf(id, locale),
    contactPhone: (id) => contacts.phoneOf(id),
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

  it('when police_17 fails its test call, then "17" is gone from every screen (both locales, all spellings) and the console alarms; a later confirmed call brings it back', async () => {
    const svc = hopService(visibility);
    const saying17 = (screens: Map<string, string> | Record<string, string>): string[] =>
      [...(screens instanceof Map ? screens : Object.entries(screens))]
        .filter(([, text]) => /(^|\D)17(\D|$)/.test(text))
        .map(([key]) => key)
        .sort();
    // Before any call: 17 is said where the emergency numbers are (from sources), and nowhere else.
    const said = LOCALES.flatMap((l) =>
      ['danger', 'report_danger_now', 'report_limit'].map((id) => `${l}:${id}`),
    ).sort();
    const spellings: BambaraSpelling[] = ['gsm', 'french', 'official'];
    for (const spelling of spellings) expect(saying17(await everyScreen(visibility, spelling))).toEqual(said);
    const before = await pagesAt(svc, ['1', '9']);
    expect(before.text).toContain('Police: 17 ou 80 00 11 15 (gratuit)');

    const s = await h.signIn('supervisor');
    logged.length = 0;
    await s.post('/directory/police_17/test-calls', { outcome: 'no_answer' }).expect(201);

    const fr = await pagesAt(svc, ['1', '9']);
    const bm = await pagesAt(svc, ['2', '9']);
    expect(fr.node).toBe('danger');
    expect(fr.text).not.toMatch(/(^|\D)17(\D|$)/);
    // The other numbers stay, the police group without its 17.
    expect(fr.text).toContain(
      'Appelez vite:\nPolice: 80 00 11 15 (gratuit)\nGendarmerie: 80 00 11 14 (gratuit)\nPompiers: 18',
    );
    expect(bm.text).toContain('A wele joona: Polisi 80 00 11 15\nZandarameri: 80 00 11 14');
    expect(bm.text).not.toMatch(/(^|\D)17(\D|$)/);
    for (const spelling of spellings) expect(saying17(await everyScreen(visibility, spelling))).toEqual([]);
    const shown = await everyScreen(visibility);
    expect(shown.get('fr:report_danger_now')).toContain('Appelez vite: Police 80 00 11 15, Gendarmerie');
    expect(shown.get('fr:report_limit')).toContain('En danger: Police 80 00 11 15 (gratuit).');

    // The console says so: the alarm on the page and in the API, and one error line without the number.
    const api = (await s.agent.get('/api/v1/directory')).body as {
      items: Array<{ id: string; verification: { state: string; alarm: boolean; shownOnPhones: boolean } }>;
      due: string[];
    };
    expect(api.items.find((e) => e.id === 'police_17')?.verification).toMatchObject({
      state: 'failed',
      alarm: true,
      shownOnPhones: false,
    });
    expect(api.due[0]).toBe('police_17');
    const page = await s.agent.get('/console/directory');
    expect(page.text).toContain('Numéros d’urgence en échec :</strong> Police secours');
    const errors = logged.filter((l) => l.level >= 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.line).toContain('"contactId":"police_17"');
    expect(errors[0]?.line).toContain('emergency number from sources failed its test call');
    expect(errors[0]?.line).not.toContain('"phone"');

    // A later confirmed call brings it back, on the next hop (this process was told).
    h.clock.advance(60_000);
    await s.post('/directory/police_17/test-calls', { outcome: 'confirmed' }).expect(201);
    expect((await pagesAt(svc, ['1', '9'])).text).toContain('Police: 17 ou 80 00 11 15 (gratuit)');
    expect(saying17(await everyScreen(visibility))).toEqual(said);
  });

  it('when all four emergency numbers fail, then the screens drop the whole "call now" part and keep the rest', async () => {
    const s = await h.signIn('supervisor');
    for (const id of ['police_17', 'police_toll_free', 'gendarmerie_toll_free', 'sapeurs_pompiers_18'])
      await s.post(`/directory/${id}/test-calls`, { outcome: 'wrong_number' }).expect(201);
    const shown = await everyScreen(visibility);
    expect(shown.get('fr:danger')).toMatch(/^Allez près d'une personne de confiance\./);
    expect(shown.get('bm:danger')).toMatch(/^Taa i dannamògò dò fè\./);
    expect(shown.get('fr:report_danger_now')).toMatch(/^Puis, si vous voulez/);
    expect(shown.get('fr:report_limit')).toMatch(/Aide: \*123#, choix 3\.$/);
    for (const text of shown.values()) expect(text).not.toMatch(/80 00 11 1[45]|Appelez vite|A wele joona/);
  });

  it('when a supervisor changes a number in the console, then phones drop it at once and say the new one only after a confirmed call', async () => {
    const svc = hopService(visibility);
    const s = await h.signIn('supervisor');
    await s.patch('/directory/police_toll_free', { phone: '80 00 12 34' }).expect(200);
    const hidden = await pagesAt(svc, ['1', '9']);
    expect(hidden.text).toContain('Police: 17\nGendarmerie: 80 00 11 14 (gratuit)');
    expect(hidden.text).not.toMatch(/80 00 1(1 15|2 34)/);

    h.clock.advance(60_000);
    await s.post('/directory/police_toll_free/test-calls', { outcome: 'confirmed' }).expect(201);
    expect((await pagesAt(svc, ['1', '9'])).text).toContain('Police: 17 ou 80 00 12 34 (gratuit)');
    expect((await pagesAt(svc, ['2', '9'])).text).toContain('Polisi 17\nwalima 80 00 12 34');

    // The GBV line's number, corrected then confirmed, is the one its contact line gives.
    await s.patch(`/directory/${GBV}`, { phone: '80 00 11 33' }).expect(200);
    h.clock.advance(60_000);
    await s.post(`/directory/${GBV}/test-calls`, { outcome: 'confirmed' }).expect(201);
    expect((await pagesAt(svc, ['1', '3', '1'])).text).toContain(
      'Violences femmes et filles (gratuit): 80 00 11 33',
    );
  });
});
