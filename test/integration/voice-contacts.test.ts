/*
 * Issue 14 D on the voice line: a node's directory contacts are played after its prompt (the contact's
 * recorded name, then its number digit by digit) only while the screens show them. Unverified → not
 * heard; a supervisor's confirmed test call (console API of the same service) → heard on the danger and
 * help screens, in French and Bambara. The service as deployed (startServer), the real flows copied to a
 * temp dir, real Redis, SQLite; the call driven as Africa's Talking does (fake gateway).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Role } from '../../src/domain/ports';
import type { RunningServer } from '../../src/server';
import { FakeVoiceCall, type VoiceAnswer } from '../helpers/fake-voice-call';
import { startVoiceService, type VoiceService } from '../helpers/voice-service';

const SECRET = 'voice-contacts-secret-0123456789';
const WAV = Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1');
const GBV = 'gbv_hotline_80001132';
const NAME = `_contact_${GBV}`;
const DIGITS = [8, 0, 0, 0, 1, 1, 3, 2].map((d) => `_digit_${d}`);
let voice: VoiceService;
let svc: RunningServer;
let calls = 0;

beforeAll(async () => {
  voice = await startVoiceService('voice-contacts', {
    gatewaySecret: SECRET,
    // The GBV line's name is recorded in French only; the digits in neither (their URLs still name them).
    prepareFlows: (flows) => {
      mkdirSync(join(flows, 'audio', 'fr'), { recursive: true });
      writeFileSync(join(flows, 'audio', 'fr', `${NAME}.wav`), WAV);
    },
  });
  svc = voice.svc;
});

afterAll(async () => {
  await voice?.close();
});

const signIn = (role: Role) => voice.signIn(role);

/** The prompts heard (locale/id, without the file extension). */
const ids = (a: VoiceAnswer): string[] => a.heard.map((h) => h.replace(/\.(mp3|wav)$/, ''));

/** A new caller (so the language menu comes first): the language key, then `keys`; what the last screen plays. */
const newCall = (): FakeVoiceCall =>
  new FakeVoiceCall(
    svc.runtime.app,
    `ATVId_c${++calls}_${Date.now()}`,
    `+2237${String(6000000 + calls).padStart(7, '0')}`,
    SECRET,
  );

async function heardAfter(lang: string, keys: string[]): Promise<string[]> {
  const call = newCall();
  await call.dial();
  let last = await call.press(lang);
  for (const k of keys) last = await call.press(k);
  expect(last.status).toBe(200);
  return ids(last);
}

/**
 * Where the node's last recorded piece is heard (`danger-2`: the danger text is cut around the emergency
 * numbers it says, which are played from the directory), or -1.
 */
function lastPiece(heard: string[], locale: string, node: string): number {
  let at = -1;
  heard.forEach((h, i) => {
    if (h === `${locale}/${node}` || h.startsWith(`${locale}/${node}-`)) at = i;
  });
  return at;
}

/** The danger screen (9) and the Kayes help screen (3, 2), in French (1) and Bambara (2). */
async function listingNodes(): Promise<Record<string, string[]>> {
  return {
    'fr:danger': await heardAfter('1', ['9']),
    'fr:help_kayes': await heardAfter('1', ['3', '2']),
    'bm:danger': await heardAfter('2', ['9']),
    'bm:help_kayes': await heardAfter('2', ['3', '2']),
  };
}

describe('voice plays the directory contacts the screens show (issue 14 D)', () => {
  it('when the GBV line is unverified, then no call hears it; once a supervisor confirms it by a test call, its name and number follow the danger and help prompts', async () => {
    const before = await listingNodes();
    for (const [key, heard] of Object.entries(before)) {
      const [locale, node] = key.split(':') as [string, string];
      // The node's own prompt is played, and nothing of the contact after it.
      expect([key, heard]).toEqual([key, expect.arrayContaining([`${locale}/${node}`])]);
      const tail = heard.slice(lastPiece(heard, locale, node) + 1);
      expect([key, heard.filter((h) => h.includes(GBV))]).toEqual([key, []]);
      expect([key, tail.filter((h) => h.includes('_contact_'))]).toEqual([key, []]);
      expect([key, tail.filter((h) => h.includes('_digit_'))]).toEqual([key, []]);
    }

    const supervisor = await signIn('supervisor');
    await supervisor.agent
      .post(`/api/v1/directory/${GBV}/test-calls`)
      .set('x-csrf-token', supervisor.csrf)
      .send({ outcome: 'confirmed' })
      .expect(201);

    const after = await listingNodes();
    for (const [key, heard] of Object.entries(after)) {
      const [locale, node] = key.split(':') as [string, string];
      const at = lastPiece(heard, locale, node);
      expect(at).toBeGreaterThanOrEqual(0);
      // Right after the node's (last) prompt: the name, then 80 00 11 32 digit by digit, in the caller's language.
      expect([key, heard.slice(at + 1, at + 2 + DIGITS.length)]).toEqual([
        key,
        [`${locale}/${NAME}`, ...DIGITS.map((d) => `${locale}/${d}`)],
      ]);
    }
    // The French name is the recording made for it.
    const call = new FakeVoiceCall(
      svc.runtime.app,
      `ATVId_c${++calls}_${Date.now()}`,
      '+22376000112',
      SECRET,
    );
    await call.dial();
    await call.press('1');
    const danger = await call.press('9');
    expect(danger.heard).toContain(`fr/${NAME}.wav`);
  });
});
