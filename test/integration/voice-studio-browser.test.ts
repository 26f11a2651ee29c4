/*
 * The voice studio in Chromium with a fake microphone (--use-fake-device-for-media-stream plays a beep):
 * a supervisor records a prompt, plays it back, marks it reviewed; the voice XML then plays that file.
 * The whole service runs as deployed (startServer), with the real flows copied to a temp dir.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import request from 'supertest';
import { hashPassword } from '../../src/console/auth/password-hasher';
import { AUDIT } from '../../src/console/services/audit-trail';
import { startServer, type RunningServer } from '../../src/server';
import { CHROMIUM_PATH, loginWithKeyboard, screenshot } from '../helpers/console-browser';
import { FakeVoiceCall } from '../helpers/fake-voice-call';

const SECRET = 'voice-studio-gateway-secret-0123';
const PASSWORD = 'une phrase de passe assez longue';
let dir: string;
let svc: RunningServer;
let browser: Browser;
let page: Page;
let base: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tanga-studio-'));
  cpSync(join(__dirname, '..', '..', 'flows'), join(dir, 'flows'), {
    recursive: true,
    filter: (src) => !src.includes('placeholders') && !src.includes('transcripts'),
  });
  svc = await startServer({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: join(dir, 'data'),
    FLOWS_DIR: join(dir, 'flows'),
    LOG_LEVEL: 'silent',
    WORKERS: 'none',
    QUEUE_PREFIX: `studio${Date.now()}`,
    NODE_ENV: 'test',
    GATEWAY_SECRET: SECRET,
  });
  base = `http://127.0.0.1:${svc.port}`;
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH}`);
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--no-first-run',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
});

afterAll(async () => {
  await page?.close();
  await browser?.close();
  await svc?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('voice studio', () => {
  it('when a take is uploaded without a signed-in supervisor, then it is refused', async () => {
    const res = await request(base)
      .post('/console/studio/recordings/fr/main')
      .set('content-type', 'audio/wav')
      .send(Buffer.alloc(100));
    expect(res.status).toBe(401);
    expect(existsSync(join(dir, 'data', 'voice', 'audio', 'fr', 'main.wav'))).toBe(false);
  });

  it('when a supervisor records, plays back and reviews a prompt, then the voice call plays that recording', async () => {
    const { store } = svc.runtime;
    const supervisor = await store.counsellors.create({
      email: 'mariam@tanga.test',
      displayName: 'Mariam Diarra',
      role: 'supervisor',
      passwordHash: await hashPassword(PASSWORD, { N: 1024, r: 8, p: 1 }),
      failedLogins: 0,
      lockedUntil: null,
      active: true,
      createdAt: new Date(),
    });
    await loginWithKeyboard(page, base, supervisor.email, PASSWORD);
    await Promise.all([
      page.waitForURL(/\/console\/studio$/),
      page.getByRole('link', { name: 'Studio vocal' }).click(),
    ]);
    const cell = page.locator('#p-main td[data-locale="fr"]');
    await expect(cell.locator('.badge').innerText()).resolves.toBe('Manquant');
    await expect(cell.locator('.script').innerText()).resolves.toContain('Se protéger: tapez 1.');

    await cell.getByRole('button', { name: 'Enregistrer' }).click();
    await cell.getByRole('button', { name: 'Arrêter et envoyer' }).waitFor();
    await page.waitForTimeout(1500);
    await Promise.all([
      page.waitForEvent('load'),
      cell.getByRole('button', { name: 'Arrêter et envoyer' }).click(),
    ]);
    await page.locator('#p-main td[data-locale="fr"] .badge', { hasText: 'Enregistré' }).waitFor();

    const saved = readFileSync(join(dir, 'data', 'voice', 'audio', 'fr', 'main.wav'));
    expect(saved.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(saved.subarray(8, 12).toString('latin1')).toBe('WAVE');
    // About 1.5 s of 16 kHz 16-bit mono, and not silence (the fake device beeps).
    expect(saved.length).toBeGreaterThan(16_000);
    const pcm = new Int16Array(saved.buffer, saved.byteOffset + 44, Math.floor((saved.length - 44) / 2));
    expect(pcm.some((s) => Math.abs(s) > 1000)).toBe(true);

    // Playback in the page: the browser decodes the stored take.
    // The page's own media element (typed loosely: the test compiles without the DOM library).
    type Media = { muted: boolean; play(): Promise<void>; duration: number; currentTime: number };
    const played = await page.locator('#p-main td[data-locale="fr"] audio').evaluate(async (el) => {
      const audio = el as unknown as Media;
      audio.muted = true;
      await audio.play();
      await new Promise((r) => setTimeout(r, 300));
      return { duration: audio.duration, time: audio.currentTime };
    });
    expect(played.duration).toBeGreaterThan(1);
    expect(played.time).toBeGreaterThan(0);
    await screenshot(page, 'voice-studio-recorded');

    await Promise.all([
      page.waitForURL(/done=reviewed/),
      page.locator('#p-main td[data-locale="fr"]').getByRole('button', { name: 'Marquer vérifié' }).click(),
    ]);
    await expect(page.locator('#p-main td[data-locale="fr"] .badge').innerText()).resolves.toBe('Vérifié');

    const audit = await store.audit.list({ actorId: supervisor.id }, { limit: 50 });
    const actions = audit.items.map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining([AUDIT.voiceRecord, AUDIT.voiceReview]));

    // A caller now hears the studio's take for the main menu.
    const c = new FakeVoiceCall(svc.runtime.app, `ATVId_studio_${Date.now()}`, '+22370100009', SECRET);
    await c.dial();
    const main = await c.press('1');
    expect(main.heard).toEqual(['fr/main.wav']);
    const url = new URL(main.actions[0]?.plays[0] ?? '');
    const audio = await request(base).get(url.pathname);
    expect(audio.status).toBe(200);
    expect(Buffer.compare(Buffer.from(audio.body as Buffer), saved)).toBe(0);
  });

  it('when a counsellor opens the studio, then it is refused', async () => {
    const { store } = svc.runtime;
    const counsellor = await store.counsellors.create({
      email: 'awa@tanga.test',
      displayName: 'Awa Traoré',
      role: 'counsellor',
      passwordHash: await hashPassword(PASSWORD, { N: 1024, r: 8, p: 1 }),
      failedLogins: 0,
      lockedUntil: null,
      active: true,
      createdAt: new Date(),
    });
    const ctx = await browser.newContext();
    const p = await ctx.newPage();
    await loginWithKeyboard(p, base, counsellor.email, PASSWORD);
    const res = await p.goto(`${base}/console/studio`);
    expect(res?.status()).toBe(403);
    await ctx.close();
  });
});
