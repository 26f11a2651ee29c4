/*
 * The voice channel over HTTP as Africa's Talking drives it (a fake gateway following the callback URLs
 * of each answer): the real runtime, the real flows, real Redis, SQLite in a temp dir, workers inline.
 * The flows are copied to a temp dir so the test can add a few audio files.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startServer, type RunningServer } from '../../src/server';
import { FakeVoiceCall, type VoiceAnswer } from '../helpers/fake-voice-call';

const SECRET = 'voice-gateway-secret-0123456789';
const WAV = Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1');
let dir: string;
let svc: RunningServer;
let calls = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tanga-voice-'));
  const flows = join(dir, 'flows');
  cpSync(join(__dirname, '..', '..', 'flows'), flows, {
    recursive: true,
    filter: (src) => !src.includes('placeholders') && !src.includes('transcripts'),
  });
  // French recordings of the main menu and the language greeting only; no Bambara recording at all.
  mkdirSync(join(flows, 'voice', 'audio', 'fr'), { recursive: true });
  for (const id of ['main', 'language']) writeFileSync(join(flows, 'voice', 'audio', 'fr', `${id}.wav`), WAV);
  svc = await startServer({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: join(dir, 'data'),
    FLOWS_DIR: flows,
    LOG_LEVEL: 'silent',
    WORKERS: 'inline',
    QUEUE_PREFIX: `voice${Date.now()}`,
    NODE_ENV: 'test',
    GATEWAY_SECRET: SECRET,
    VOICE_AUDIO_BASE_URL: 'https://audio.tanga.test/voice/audio',
  });
});

afterAll(async () => {
  await svc?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const call = (phone: string): FakeVoiceCall =>
  new FakeVoiceCall(svc.runtime.app, `ATVId_${++calls}_${Date.now()}`, phone, SECRET);

/** The prompt ids heard (locale/id, without the file extension). */
const ids = (a: VoiceAnswer): string[] => a.heard.map((h) => h.replace(/\.(mp3|wav)$/, ''));

describe("POST /voice (Africa's Talking voice)", () => {
  it('when the callback has no or a wrong gateway secret, then it is refused', async () => {
    const res = await request(svc.runtime.app)
      .post('/voice')
      .type('form')
      .send({ isActive: '1', sessionId: 'x', callerNumber: '+22370100000' });
    expect(res.status).toBe(401);
    const wrong = await request(svc.runtime.app)
      .post('/voice?token=not-the-secret-at-all-00000')
      .type('form')
      .send({ isActive: '1', sessionId: 'x', callerNumber: '+22370100000' });
    expect(wrong.status).toBe(401);
  });

  it('when a malformed callback comes, then it is a 400 without XML', async () => {
    const res = await request(svc.runtime.app)
      .post(`/voice?token=${SECRET}`)
      .type('form')
      .send({ isActive: '1', sessionId: 'x', callerNumber: 'not a number' });
    expect(res.status).toBe(400);
    expect(res.text).not.toContain('<Response>');
  });

  it('when a new caller calls, then the language menu plays each greeting in its language and repeats on no input', async () => {
    const c = call('+22370100001');
    const a = await c.dial();
    expect(a.status).toBe(200);
    expect(a.contentType).toMatch(/^application\/xml/);
    expect(a.xml.startsWith('<?xml version="1.0" encoding="UTF-8"?><Response>')).toBe(true);
    expect(ids(a)).toEqual(['fr/language', 'bm/language']);
    expect(a.actions.map((x) => x.tag)).toEqual([
      'Play',
      'GetDigits',
      'Play',
      'Play',
      'GetDigits',
      'Play',
      'Play',
      'GetDigits',
      'Play',
    ]);
    expect(a.actions[2]?.plays[0]).toMatch(/\/fr\/_no_input\.mp3$/);
    expect(a.actions[8]?.plays[0]).toMatch(/\/fr\/_goodbye\.mp3$/);
    expect(a.waitsFor?.attrs).toMatchObject({ numDigits: '1' });
    const cb = new URL(a.waitsFor?.attrs.callbackUrl ?? '');
    expect(cb.searchParams.get('token')).toBe(SECRET);
    expect(cb.searchParams.get('node')).toBe('language');
    // A recorded prompt is served at its URL; the audio base is the configured one.
    expect(a.heard[0]).toBe('fr/language.wav');
    expect(a.actions[0]?.plays[0]).toBe('https://audio.tanga.test/voice/audio/fr/language.wav');
    const audio = await request(svc.runtime.app).get('/voice/audio/fr/language.wav');
    expect(audio.status).toBe(200);
    expect(audio.headers['content-type']).toMatch(/^audio\/wav/);
    expect((await request(svc.runtime.app).get('/voice/audio/fr/..%2Fprompts.yaml')).status).toBe(404);
  });

  it('when the caller walks the menus, then each node plays its prompt and keys move as on USSD', async () => {
    const c = call('+22370100002');
    await c.dial();
    const main = await c.press('1');
    expect(ids(main)).toEqual(['fr/main']);
    const protect = await c.press('1');
    expect(ids(protect)).toEqual(['fr/protect']);
    const tip = await c.press('1');
    expect(ids(tip)).toEqual(['fr/protect_passwords']);
    const back = await c.press('0');
    expect(ids(back)).toEqual(['fr/protect']);
    const wrong = await c.press('8');
    expect(ids(wrong)).toEqual(['fr/_invalid', 'fr/protect']);
    // The notice is not replayed with the prompt on no input.
    expect(wrong.actions.filter((x) => x.plays.some((p) => p.includes('_invalid')))).toHaveLength(1);
    await c.press('0');
    const danger = await c.press('9');
    expect(ids(danger)).toEqual(['fr/danger']);
    const hungUp = await c.hangUp();
    expect(hungUp.status).toBe(200);
    expect(hungUp.xml).toBe('');
  });

  it('when a caller reports by voice, then the description is recorded, the code is read digit by digit and the report is stored', async () => {
    const { store, workers } = svc.runtime;
    const stored = new Promise<void>((resolve) => workers?.reports.once('completed', () => resolve()));
    const phone = '+22370100003';
    const c = call(phone);
    await c.dial();
    // French; report: threats, WhatsApp, me, under 18, woman, no disability, Bamako, not in danger, speak.
    for (const k of ['1', '4', '1', '3', '1', '1', '1', '1', '2', '1', '2']) {
      const a = await c.press(k);
      expect(a.waitsFor?.tag).toBe('GetDigits');
    }
    const choice = await c.press('1');
    expect(ids(choice)).toEqual(['fr/report_text', 'fr/_record_hint']);
    expect(choice.waitsFor?.tag).toBe('Record');
    expect(choice.waitsFor?.attrs).toMatchObject({ maxLength: '60', finishOnKey: '#' });
    // Nothing recorded: the question comes again.
    const empty = await c.recorded('');
    expect(ids(empty)).toEqual(['fr/report_text', 'fr/_record_hint']);
    const contact = await c.recorded('https://voice.africastalking.test/rec/abc.mp3');
    expect(ids(contact)).toEqual(['fr/report_contact']);
    const confirm = await c.press('1');
    expect(ids(confirm)).toEqual(['fr/report_confirm']);
    const done = await c.press('1');
    expect(done.waitsFor).toBeNull();
    const heard = ids(done);
    expect(heard[0]).toBe('fr/report_done');
    const digits = heard.filter((h) => h.startsWith('fr/_digit_')).map((h) => h.slice(-1));
    // Eight digits of the code, then the digits of the service code (*123#).
    const code = digits.slice(0, 8).join('');
    expect(code).toMatch(/^\d{8}$/);
    expect(heard).toEqual([
      'fr/report_done',
      ...code.split('').map((d) => `fr/_digit_${d}`),
      'fr/report_done-2',
      'fr/_star',
      'fr/_digit_1',
      'fr/_digit_2',
      'fr/_digit_3',
      'fr/_hash',
      'fr/report_done-3',
    ]);
    await stored;
    const report = await store.reports.findByCode(code);
    expect(report).toMatchObject({ type: 'threats', platform: 'whatsapp', immediateDanger: false });
    expect(report?.description).toBe('(description enregistrée par téléphone)');
    // No phone number in clear in the store's files (the database and its write-ahead log).
    for (const name of readdirSync(join(dir, 'data')).filter((n) => n.startsWith('tanga.sqlite'))) {
      const bytes = readFileSync(join(dir, 'data', name));
      expect(bytes.includes(Buffer.from(phone.slice(1)))).toBe(false);
    }
  });

  it('when a Bambara prompt is missing, then French plays only for a caller who accepted French', async () => {
    const plain = call('+22370100004');
    await plain.dial();
    const bm = await plain.press('2');
    expect(bm.heard).toEqual(['bm/main.mp3']);

    const accepting = call('+22370100005');
    await accepting.dial();
    const fallback = await accepting.press('3');
    expect(fallback.heard).toEqual(['fr/main.wav']);
    // The session is in Bambara: the key took the Bambara option.
    const next = await accepting.press('1');
    expect(next.heard).toEqual(['bm/protect.mp3']);
  });
});
