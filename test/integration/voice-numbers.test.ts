/*
 * Issue 14 D on the voice line, for the emergency numbers a text says (`numbers`): the danger prompt is
 * recorded without them, and a call plays in their place each number the screens show now (its name, then
 * its digits). After a supervisor records a failed test call on police_17 (console API of the same
 * service), no call hears the police 17; a later confirmed call brings it back. The service as deployed
 * (startServer), the real flows copied to a temp dir, real Redis, SQLite; the call driven as Africa's
 * Talking does (fake gateway).
 */
import type { RunningServer } from '../../src/server';
import { FakeVoiceCall, type VoiceAnswer } from '../helpers/fake-voice-call';
import { startVoiceService, type VoiceService } from '../helpers/voice-service';

const SECRET = 'voice-numbers-secret-0123456789ab';
const NUMBERS = [
  ['police_17', '17'],
  ['police_toll_free', '80001115'],
  ['gendarmerie_toll_free', '80001114'],
  ['sapeurs_pompiers_18', '18'],
] as const;
let voice: VoiceService;
let svc: RunningServer;
let calls = 0;

beforeAll(async () => {
  voice = await startVoiceService('voice-numbers', { gatewaySecret: SECRET });
  svc = voice.svc;
});

afterAll(async () => {
  await voice?.close();
});

const supervisor = () => voice.signIn('supervisor');

/** The prompts heard (locale/id, without the file extension). */
const ids = (a: VoiceAnswer): string[] => a.heard.map((h) => h.replace(/\.(mp3|wav)$/, ''));

/** What a new caller hears on the danger screen (9) in French (1) or Bambara (2): between lead and rest. */
async function dangerNumbers(lang: '1' | '2'): Promise<string[]> {
  const call = new FakeVoiceCall(
    svc.runtime.app,
    `ATVId_n${++calls}_${Date.now()}`,
    `+2237${String(7000000 + calls).padStart(7, '0')}`,
    SECRET,
  );
  await call.dial();
  await call.press(lang);
  const danger = await call.press('9');
  expect(danger.status).toBe(200);
  const heard = ids(danger);
  const locale = lang === '1' ? 'fr' : 'bm';
  const rest = heard.indexOf(`${locale}/danger-2`);
  expect(rest).toBeGreaterThanOrEqual(0);
  const lead = heard.indexOf(`${locale}/danger`);
  return lead < 0 ? heard.slice(0, rest) : heard.slice(lead, rest);
}

const played = (locale: string, shown: readonly (typeof NUMBERS)[number][]): string[] => [
  `${locale}/danger`,
  ...shown.flatMap(([id, digits]) => [
    `${locale}/_contact_${id}`,
    ...[...digits].map((d) => `${locale}/_digit_${d}`),
  ]),
];

describe('voice says the emergency numbers the screens show (issue 14 D)', () => {
  it('when police_17 fails its test call, then no danger call plays the police 17 (name nor 1, 7) in either language; a later confirmed call brings it back', async () => {
    expect(await dangerNumbers('1')).toEqual(played('fr', NUMBERS));
    expect(await dangerNumbers('2')).toEqual(played('bm', NUMBERS));

    const s = await supervisor();
    await s.agent
      .post('/api/v1/directory/police_17/test-calls')
      .set('x-csrf-token', s.csrf)
      .send({ outcome: 'no_answer' })
      .expect(201);

    const without = NUMBERS.filter(([id]) => id !== 'police_17');
    const fr = await dangerNumbers('1');
    expect(fr).toEqual(played('fr', without));
    expect(fr).not.toContain('fr/_contact_police_17');
    expect(await dangerNumbers('2')).toEqual(played('bm', without));

    await s.agent
      .post('/api/v1/directory/police_17/test-calls')
      .set('x-csrf-token', s.csrf)
      .send({ outcome: 'confirmed' })
      .expect(201);
    expect(await dangerNumbers('1')).toEqual(played('fr', NUMBERS));
    expect(await dangerNumbers('2')).toEqual(played('bm', NUMBERS));
  });

  it('when every emergency number failed its test call, then the danger call plays neither the lead nor a number, and the rest of its prompt still', async () => {
    const s = await supervisor();
    for (const [id] of NUMBERS) {
      await s.agent
        .post(`/api/v1/directory/${id}/test-calls`)
        .set('x-csrf-token', s.csrf)
        .send({ outcome: 'wrong_number' })
        .expect(201);
    }
    expect(await dangerNumbers('1')).toEqual([]);
    expect(await dangerNumbers('2')).toEqual([]);
  });
});
