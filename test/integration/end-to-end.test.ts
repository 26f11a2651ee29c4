/*
 * The whole service as deployed (startServer: real runtime, SQLite, Redis, BullMQ workers inline): a
 * caller reports over USSD, a counsellor answers in the console in Chromium, and the caller reads the
 * answer by following the code over USSD. Screenshots go to test-output/console/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { hashPassword } from '../../src/console/auth/password-hasher';
import { AUDIT } from '../../src/console/services/audit-trail';
import { startServer, type RunningServer } from '../../src/server';
import {
  launchConsoleBrowser,
  loginWithKeyboard,
  replyToMostUrgentReport,
  screenshot,
} from '../helpers/console-browser';

const PASSWORD = 'une phrase de passe assez longue';
let dir: string;
let svc: RunningServer;
let browser: Browser;
let page: Page;
let base: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tanga-e2e-'));
  svc = await startServer({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    WORKERS: 'inline',
    QUEUE_PREFIX: `e2e${Date.now()}`,
    NODE_ENV: 'test',
  });
  base = `http://127.0.0.1:${svc.port}`;
  browser = await launchConsoleBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
});

afterAll(async () => {
  await page?.close();
  await browser?.close();
  await svc.stop();
  rmSync(dir, { recursive: true, force: true });
});

let session = 0;
/** Dials and types `inputs` hop by hop; returns the last screen. */
async function dial(phone: string, inputs: string[]): Promise<string> {
  const sessionId = `E2E_${++session}`;
  let last = '';
  for (let i = 0; i <= inputs.length; i++) {
    const res = await request(base)
      .post('/ussd')
      .type('form')
      .send({
        sessionId,
        serviceCode: '*123#',
        phoneNumber: phone,
        networkCode: '61002',
        text: inputs.slice(0, i).join('*'),
      });
    expect(res.status).toBe(200);
    last = res.text;
  }
  return last;
}

describe('a report from a phone to a counsellor and back', () => {
  it('when a counsellor answers the most urgent report in the console, then the caller reads the answer by code', async () => {
    const { store } = svc.runtime;

    // French; report: me, threats, WhatsApp, under 18, woman, no disability, Bamako, in danger now, skip
    // the text, code only.
    const done = await dial('+22370555001', ['1', '4', '1', '3', '1', '1', '1', '2', '1', '1', '1', '2']);
    const code = /(\d{8})/.exec(done)?.[1];
    expect(done).toMatch(/^END /);
    expect(code).toBeDefined();
    // In the store by the time its code is on the screen: no wait for a worker.
    const report = await store.reports.findByCode(code!);
    expect(report).toMatchObject({
      priority: 3,
      immediateDanger: true,
      ageGroup: 'under_18',
      sealedContact: null,
    });

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
    await loginWithKeyboard(page, base, counsellor.email, PASSWORD);
    await screenshot(page, 'e2e-queue');
    const reply = 'Bonjour, une conseillère vous écoute. Appelez le 17 si vous êtes en danger.';
    const opened = await replyToMostUrgentReport(page, reply);
    await screenshot(page, 'e2e-report-after-reply');
    expect(opened.code).toBe(code);

    const follow = await dial('+22370555001', ['5', code!]);
    expect(follow).toMatch(/^CON /);
    expect(follow).toContain('Bonjour, une conseillère vous écoute.');

    const audit = await store.audit.list({ actorId: counsellor.id }, { limit: 50 });
    const actions = audit.items.map((a) => a.action);
    for (const a of [
      AUDIT.login,
      AUDIT.reportView,
      AUDIT.reportAssign,
      AUDIT.reportStatus,
      AUDIT.reportReply,
    ]) {
      expect(actions).toContain(a);
    }
    expect(audit.items.filter((a) => a.reportId === report!.id).length).toBeGreaterThanOrEqual(4);
  });
});
