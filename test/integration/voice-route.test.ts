/*
 * The voice channel over HTTP as Africa's Talking drives it (a fake gateway following the callback URLs
 * of each answer): the real runtime, the real flows, real Redis, SQLite in a temp dir, workers inline.
 * The flows are copied to a temp dir so the test can add a few audio files.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { REPORT_AUDIO_DIR, sweepReportAudio } from '../../src/adapters/voice/sealed-report-audio.store';
import { hashPassword } from '../../src/console/auth/password-hasher';
import { AUDIT } from '../../src/console/services/audit-trail';
import type { Role } from '../../src/domain/ports';
import { CLOSE_OUTCOMES } from '../../src/domain/reports/report';
import { createLogger } from '../../src/logger';
import { startServer, type RunningServer } from '../../src/server';
import { apiLogin } from '../helpers/console-harness';
import { startFakeAtServer, type FakeAtServer } from '../helpers/fake-at-server';
import { FakeVoiceCall, type VoiceAnswer } from '../helpers/fake-voice-call';

const SECRET = 'voice-gateway-secret-0123456789';
const METRICS_TOKEN = 'voice-metrics-token-0123456789';
const WAV = Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1');
/** What the fake gateway serves at `recordingUrl`: a small MP3-like file (a frame header, then bytes). */
const SPOKEN = Buffer.concat([
  Buffer.from([0xff, 0xfb, 0x90, 0x64]),
  Buffer.from('spoken description '.repeat(40)),
]);
let dir: string;
let svc: RunningServer;
let calls = 0;
let gateway: Server;
let fakeAt: FakeAtServer;
/** Every log line of the server, to check no number, recording URL or audio reaches a log. */
const logLines: string[] = [];
let gatewayUrl: string;

beforeAll(async () => {
  gateway = createServer((req, res) => {
    if (req.url === '/rec/abc.mp3') res.writeHead(200, { 'content-type': 'audio/mpeg' }).end(SPOKEN);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
  fakeAt = await startFakeAtServer();
  dir = mkdtempSync(join(tmpdir(), 'tanga-voice-'));
  const flows = join(dir, 'flows');
  cpSync(join(__dirname, '..', '..', 'flows'), flows, {
    recursive: true,
    filter: (src) => !src.includes('placeholders') && !src.includes('transcripts'),
  });
  // French recordings of the main menu and the language greeting only; no Bambara recording at all.
  mkdirSync(join(flows, 'audio', 'fr'), { recursive: true });
  for (const id of ['main', 'language']) writeFileSync(join(flows, 'audio', 'fr', `${id}.wav`), WAV);
  svc = await startServer(
    {
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
      VOICE_TRANSFER_NUMBER: '+22320000000',
      AT_USERNAME: 'sandbox',
      AT_API_KEY: 'test-key',
      AT_API_BASE_URL: fakeAt.url,
      VOICE_STAFFED_HOURS: '0-24',
      METRICS_TOKEN: METRICS_TOKEN,
    },
    {
      logger: createLogger({
        level: 'debug',
        destination: { write: (line: string) => void logLines.push(line) },
      }),
    },
  );
});

afterAll(async () => {
  await svc?.stop();
  await new Promise((resolve) => gateway?.close(resolve));
  await fakeAt?.close();
  rmSync(dir, { recursive: true, force: true });
});

const PASSWORD = 'une phrase de passe assez longue';
let accounts = 0;
async function account(role: Role, name: string) {
  return svc.runtime.store.counsellors.create({
    email: `${name}${++accounts}@tanga.test`,
    displayName: name,
    role,
    passwordHash: await hashPassword(PASSWORD, { N: 1024, r: 8, p: 1 }),
    failedLogins: 0,
    lockedUntil: null,
    active: true,
    createdAt: new Date(),
  });
}

async function waitFor(ok: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Supertest's binary body parser: the raw bytes of the answer. */
const binary = (res: NodeJS.ReadableStream, done: (err: Error | null, body: Buffer) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

const call = (phone: string): FakeVoiceCall =>
  new FakeVoiceCall(svc.runtime.handler, `ATVId_${++calls}_${Date.now()}`, phone, SECRET);

/** The prompt ids heard (locale/id, without the file extension). */
const ids = (a: VoiceAnswer): string[] => a.heard.map((h) => h.replace(/\.(mp3|wav)$/, ''));

/** The danger prompt: its lead, each emergency number shown (name, then digits; none failed here), the rest. */
const dangerHeard = (l: string): string[] => [
  `${l}/danger`,
  ...[
    ['police_17', '17'],
    ['police_toll_free', '80001115'],
    ['gendarmerie_toll_free', '80001114'],
    ['sapeurs_pompiers_18', '18'],
  ].flatMap(([id, digits]) => [`${l}/_contact_${id}`, ...[...(digits ?? '')].map((d) => `${l}/_digit_${d}`)]),
  `${l}/danger-2`,
];

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
    // Each greeting in a gather of its own (a key during the French one counts), then twice again, then goodbye.
    expect(a.actions.map((x) => x.tag)).toEqual([
      'GetDigits',
      'GetDigits',
      'Play',
      'GetDigits',
      'GetDigits',
      'Play',
      'GetDigits',
      'GetDigits',
      'Play',
    ]);
    expect(a.actions[0]?.attrs).toMatchObject({ timeout: '1', numDigits: '1' });
    expect(a.actions[0]?.attrs.callbackUrl).toBe(a.actions[1]?.attrs.callbackUrl);
    expect(a.actions[2]?.plays[0]).toMatch(/\/fr\/_no_input\.mp3$/);
    expect(a.actions[8]?.plays[0]).toMatch(/\/fr\/_goodbye\.mp3$/);
    expect(a.waitsFor?.attrs).toMatchObject({ numDigits: '1' });
    const cb = new URL(a.waitsFor?.attrs.callbackUrl ?? '');
    expect(cb.searchParams.get('token')).toBe(SECRET);
    expect(cb.searchParams.get('node')).toBe('language');
    // A recorded prompt is served at its URL; the audio base is the configured one.
    expect(a.heard[0]).toBe('fr/language.wav');
    expect(a.actions[0]?.plays[0]).toBe('https://audio.tanga.test/voice/audio/fr/language.wav');
    expect(a.waitsFor?.plays[0]).toBe('https://audio.tanga.test/voice/audio/bm/language.mp3');
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
    expect(ids(tip)).toEqual(['fr/protect_harassed']);
    const back = await c.press('0');
    expect(ids(back)).toEqual(['fr/protect']);
    const wrong = await c.press('*'); // every digit is a choice on this menu now
    expect(ids(wrong)).toEqual(['fr/_invalid', 'fr/protect']);
    // The notice is not replayed with the prompt on no input.
    expect(wrong.actions.filter((x) => x.plays.some((p) => p.includes('_invalid')))).toHaveLength(1);
    await c.press('0');
    const danger = await c.press('9');
    expect(ids(danger)).toEqual(dangerHeard('fr'));
    const hungUp = await c.hangUp();
    expect(hungUp.status).toBe(200);
    expect(hungUp.xml).toBe('');
  });

  it('when a caller reports by voice, then the description is recorded, the code is read digit by digit and the report is stored', async () => {
    const { store, workers } = svc.runtime;
    // The route only queues the recording; the recordings worker fetches it and says for which report.
    const fetched = new Promise<string>((resolve) =>
      workers?.recordings.once('completed', (job) => resolve(job.data.sourceRef)),
    );
    const phone = '+22370100003';
    const c = call(phone);
    await c.dial();
    // French; report: for me, threats, WhatsApp, under 18, woman, no disability, Bamako; not in danger.
    for (const k of ['1', '4', '1', '3', '1', '1', '1', '2', '1']) {
      const a = await c.press(k);
      expect(a.waitsFor?.tag).toBe('GetDigits');
    }
    const choice = await c.press('2');
    expect(ids(choice)).toEqual(['fr/report_text', 'fr/_record_hint']);
    expect(choice.waitsFor?.tag).toBe('Record');
    expect(choice.waitsFor?.attrs).toMatchObject({ maxLength: '60', finishOnKey: '#' });
    // Nothing recorded: the question comes again.
    const empty = await c.recorded('');
    expect(ids(empty)).toEqual(['fr/report_text', 'fr/_record_hint']);
    const contact = await c.recorded(`${gatewayUrl}/rec/abc.mp3`);
    expect(ids(contact)).toEqual(['fr/report_contact']);
    // The contact question is the last one: its answer sends the report.
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
    // In the store by the time its code is read out: no wait for a worker.
    const report = await store.reports.findByCode(code);
    expect(report).toMatchObject({ type: 'threats', platform: 'whatsapp', immediateDanger: false });
    expect(report?.description).toBe('(description enregistrée par téléphone)');
    // A voice report, under the same kind of key as a USSD one: per (gateway session, caller).
    expect(report?.channel).toBe('voice');
    expect(report?.sourceRef).toMatch(new RegExp(`^ussd:at-voice:${c.sessionId}:[0-9a-f]{12}$`));
    const scraped = await request(svc.runtime.app)
      .get('/metrics')
      .set('authorization', `Bearer ${METRICS_TOKEN}`);
    expect(scraped.text).toMatch(/^tanga_reports_created_total\{channel="voice",path="store"\} 1$/m);

    // The spoken description was fetched by the worker and kept sealed: neither the bytes nor their base64 on disk.
    expect(await fetched).toBe(report?.sourceRef);
    const afterFetch = await request(svc.runtime.app)
      .get('/metrics')
      .set('authorization', `Bearer ${METRICS_TOKEN}`);
    expect(afterFetch.text).toMatch(/^tanga_jobs_total\{queue="voice-recordings",outcome="completed"\} 1$/m);
    expect(afterFetch.text).toMatch(/^tanga_queue_jobs\{queue="voice-recordings",state="waiting"\} 0$/m);
    const audioDir = join(dir, 'data', REPORT_AUDIO_DIR);
    await waitFor(() => existsSync(audioDir) && readdirSync(audioDir).some((n) => n.endsWith('.json')));
    const sealedFiles = readdirSync(audioDir).filter((n) => n.endsWith('.json'));
    expect(sealedFiles).toHaveLength(1);
    const onDisk = readFileSync(join(audioDir, sealedFiles[0] ?? ''));
    expect(onDisk.includes(SPOKEN.subarray(4, 40))).toBe(false);
    expect(onDisk.includes(Buffer.from(SPOKEN.toString('base64').slice(0, 40)))).toBe(false);
    expect(onDisk.includes(Buffer.from(phone.slice(1)))).toBe(false);

    // Following the report by voice: the status and "no reply yet" are their own recordings.
    const follow = call(phone);
    await follow.dial();
    const asked = await follow.press('5');
    expect(ids(asked)).toEqual(['fr/follow_code']);
    expect(asked.waitsFor?.attrs).toMatchObject({ finishOnKey: '#' });
    expect(ids(await follow.press(code))).toEqual([
      'fr/follow_result',
      'fr/_value_status_new',
      'fr/_value_reply_none',
    ]);

    // A counsellor's reply cannot be recorded: it is offered by SMS, and sent at the caller's request.
    const owner = await account('counsellor', 'owner');
    const replyText = 'Bonjour, une conseillère vous écoute. Appelez le 17 si vous êtes en danger.';
    await store.reports.addReply({
      reportId: report!.id,
      authorId: owner.id,
      text: replyText,
      createdAt: new Date(),
    });
    const again = call(phone);
    await again.dial();
    await again.press('5');
    const withReply = await again.press(code);
    expect(ids(withReply)).toEqual(['fr/follow_result', 'fr/_value_status_new', 'fr/_reply_by_sms']);
    const before = fakeAt.requests.length;
    const sent = await again.press('1');
    expect(ids(sent)).toEqual(['fr/_reply_sent', 'fr/follow_result', 'fr/_value_status_new']);
    const [sms] = (await fakeAt.waitForRequests(before + 1)).slice(before);
    expect(sms).toMatchObject({ to: [phone], message: replyText });

    // A counsellor allowed to read the report hears it (audited, not cached); another is refused.
    const other = await account('counsellor', 'other');
    await store.reports.assign(report!.id, owner.id, report!.version, new Date());
    const mine = await apiLogin(svc.runtime.app, owner.email, PASSWORD);
    const heardBack = await mine.agent
      .get(`/console/reports/${report!.id}/audio`)
      .buffer(true)
      .parse(binary as never);
    expect(heardBack.status).toBe(200);
    expect(heardBack.headers['content-type']).toMatch(/^audio\/mpeg/);
    expect(heardBack.headers['cache-control']).toBe('no-store');
    expect(Buffer.compare(heardBack.body as Buffer, SPOKEN)).toBe(0);
    const audit = await store.audit.list({ actorId: owner.id }, { limit: 20 });
    expect(audit.items.map((a) => a.action)).toContain(AUDIT.reportAudio);
    const reportPage = await mine.agent.get(`/console/reports/${report!.id}`);
    expect(reportPage.status).toBe(200);
    expect(reportPage.text).toContain('<dt>Canal</dt><dd>Appel vocal</dd>');
    expect(reportPage.text).toContain(
      `<audio controls preload="none" src="/console/reports/${report!.id}/audio"`,
    );
    const theirs = await apiLogin(svc.runtime.app, other.email, PASSWORD);
    expect((await theirs.agent.get(`/console/reports/${report!.id}/audio`)).status).toBe(403);

    // Retention: once the report is closed and purged, its audio goes with it.
    const fresh = await store.reports.findById(report!.id);
    await store.reports.updateStatus(
      report!.id,
      { status: 'closed', outcome: CLOSE_OUTCOMES[0], at: new Date('2020-01-01') },
      fresh!.version,
    );
    expect(await store.reports.purgeClosedBefore(new Date(), new Date())).toBe(1);
    const removed = await sweepReportAudio(
      audioDir,
      async (ref) => {
        const r = await store.reports.findBySourceRef(ref);
        return r ? r.purgedAt === null : null;
      },
      new Date(0),
    );
    expect(removed).toBe(1);
    expect(readdirSync(audioDir).filter((n) => n.endsWith('.json'))).toEqual([]);
    expect((await mine.agent.get(`/console/reports/${report!.id}/audio`)).status).toBe(404);
    // No phone number in clear in the store's files (the database and its write-ahead log).
    for (const name of readdirSync(join(dir, 'data')).filter((n) => n.startsWith('tanga.sqlite'))) {
      const bytes = readFileSync(join(dir, 'data', name));
      expect(bytes.includes(Buffer.from(phone.slice(1)))).toBe(false);
    }
  });

  it('when a Bambara caller walks the menus and reports by voice, then every prompt is the Bambara one and the code is read in Bambara digits', async () => {
    const { store } = svc.runtime;
    const c = call('+22370100008');
    await c.dial();
    expect(ids(await c.press('2'))).toEqual(['bm/main']);
    expect(ids(await c.press('1'))).toEqual(['bm/protect']);
    expect(ids(await c.press('2'))).toEqual(['bm/protect_hacked']);
    await c.press('0');
    await c.press('0');
    expect(ids(await c.press('9'))).toEqual(dangerHeard('bm'));
    await c.press('0');
    // For me, harassment, Facebook, 18-24, man, no disability, Bamako; not in danger.
    for (const k of ['4', '1', '1', '2', '2', '2', '2', '1']) {
      const a = await c.press(k);
      expect(a.heard.every((h) => h.startsWith('bm/'))).toBe(true);
    }
    expect(ids(await c.press('2'))).toEqual(['bm/report_text', 'bm/_record_hint']);
    await c.recorded(`${gatewayUrl}/rec/abc.mp3`);
    const done = await c.press('1');
    const heard = ids(done);
    expect(heard[0]).toBe('bm/report_done');
    const code = heard
      .slice(1, 9)
      .map((h) => /^bm\/_digit_(\d)$/.exec(h)?.[1] ?? 'x')
      .join('');
    expect(code).toMatch(/^\d{8}$/);
    expect(heard[9]).toBe('bm/report_done-2');
    let report = null;
    for (let i = 0; i < 100 && !report; i++) {
      report = await store.reports.findByCode(code);
      if (!report) await new Promise((r) => setTimeout(r, 50));
    }
    expect(report).toMatchObject({ locale: 'bm', type: 'harassment', platform: 'facebook' });
  });

  it('when the help menu is reached within staffed hours, then the caller is offered and put through to a person', async () => {
    const c = call('+22370100006');
    await c.dial();
    await c.press('1');
    const help = await c.press('3');
    expect(ids(help)).toEqual(['fr/help', 'fr/_transfer_offer']);
    // The offer plays inside the same GetDigits, so the key works during it.
    expect(help.waitsFor?.plays.map((p) => p.split('/').pop())).toEqual(['_transfer_offer.mp3']);
    const through = await c.press('8');
    expect(through.actions.map((a) => a.tag)).toEqual(['Play', 'Dial']);
    expect(through.heard).toEqual(['fr/_transfer_connecting.mp3']);
    expect(through.actions[1]?.attrs).toMatchObject({ phoneNumbers: '+22320000000' });
    expect(through.actions[1]?.attrs.record).toBeUndefined();
    // Elsewhere 8 is no transfer key.
    const other = call('+22370100007');
    await other.dial();
    await other.press('1');
    expect(ids(await other.press('8'))).toEqual(['fr/_invalid', 'fr/main']);
  });

  it('when calls have been logged, then no caller number, recording URL or audio is in the logs', () => {
    const all = logLines.join('');
    expect(all).toContain('voice prompts not recorded');
    // The callers of this file are +2237010000x: neither the full number nor its national part.
    expect(all).not.toMatch(/70100\d{3}/);
    expect(all).not.toContain('/rec/abc.mp3');
    expect(all).not.toContain('spoken description');
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
