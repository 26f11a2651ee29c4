import type { Browser, Page } from 'playwright-core';
import {
  consentedReport,
  createConsoleHarness,
  createTestAccount,
  seedReport,
  TEST_PASSWORD,
} from '../helpers/console-harness';
import type { ConsoleHarness } from '../helpers/console-harness';
import {
  focusedControl,
  horizontalOverflow,
  launchConsoleBrowser,
  loginWithKeyboard,
  lowContrastTexts,
  replyToMostUrgentReport,
  screenshot,
  serve,
} from '../helpers/console-browser';

/*
 * The console in a real Chromium: a counsellor logs in with the keyboard, opens the most urgent report,
 * takes it, moves it to review and replies; the reply is in the store (what the USSD follow-by-code
 * menu reads). To extend with the USSD check, call replyToMostUrgentReport and dial with its `code`.
 */
let h: ConsoleHarness;
let server: { baseUrl: string; close(): Promise<void> };
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchConsoleBrowser();
});
afterAll(async () => {
  await browser?.close();
});

beforeEach(async () => {
  h = createConsoleHarness();
  server = await serve(h.app);
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
});
afterEach(async () => {
  await page.close();
  await server.close();
  await h.close();
});

async function seedQueue(): Promise<{ urgentCode: string; urgentId: string }> {
  await seedReport(h.store, { priority: 1, createdAt: new Date('2025-10-20T08:00:00Z') });
  await seedReport(h.store, {
    priority: 2,
    type: 'scam_blackmail',
    createdAt: new Date('2025-10-25T08:00:00Z'),
  });
  const urgent = await h.store.reports.create(
    consentedReport(h.sealer, '+22370000123', {
      priority: 3,
      type: 'intimate_images',
      immediateDanger: true,
      riskFlags: ['immediate_danger', 'sextortion_or_images'],
      createdAt: new Date('2025-11-01T08:00:00Z'),
      description: 'Quelqu’un menace de publier mes photos <b>ce soir</b>.',
    }),
  );
  return { urgentCode: urgent.code, urgentId: urgent.id };
}

describe('console in Chromium', () => {
  it('when a counsellor replies to the most urgent report, then it is taken, in review, and the reply is stored', async () => {
    const { urgentCode, urgentId } = await seedQueue();
    const counsellor = await createTestAccount(h, 'counsellor', 'Awa Traoré');

    await loginWithKeyboard(page, server.baseUrl, counsellor.email, TEST_PASSWORD);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await screenshot(page, 'queue');
    await expect(page.locator('table.queue tbody tr').first().innerText()).resolves.toMatch(/▲▲▲\s+Urgent/);

    const { reportId, code } = await replyToMostUrgentReport(
      page,
      'Bonjour, nous avons bien reçu votre message.',
    );
    expect(code).toBe(urgentCode);
    expect(reportId).toBe(urgentId);
    await screenshot(page, 'report-after-reply');
    // Free text is shown as text, never as markup.
    await expect(page.locator('.description').innerText()).resolves.toContain('<b>ce soir</b>');
    await expect(page.getByRole('status').first().innerText()).resolves.toContain('Réponse enregistrée');

    const stored = await h.store.reports.findById(reportId);
    expect(stored).toMatchObject({ status: 'in_review', assignedTo: counsellor.id });
    const replies = await h.store.reports.listReplies(reportId);
    expect(replies.map((r) => r.text)).toEqual(['Bonjour, nous avons bien reçu votre message.']);
    expect(h.sms.sent).toHaveLength(1);
    expect(h.sms.sent[0]).toMatchObject({ kind: 'counsellor_reply', timing: 'safe_hours' });
  });

  it('when the pages are used with a keyboard, then focus is visible and text contrast is at least 4.5:1', async () => {
    await seedQueue();
    const supervisor = await createTestAccount(h, 'supervisor');
    await loginWithKeyboard(page, server.baseUrl, supervisor.email, TEST_PASSWORD);
    for (const path of ['/console/reports', '/console/directory', '/console/stats']) {
      await page.goto(`${server.baseUrl}${path}`);
      expect(await lowContrastTexts(page)).toEqual([]);
    }
    await page.goto(`${server.baseUrl}/console/reports`);
    await page
      .getByRole('link', { name: /Ouvrir/ })
      .first()
      .click();
    await page.waitForURL(/\/console\/reports\/[^/?]+$/);
    expect(await lowContrastTexts(page)).toEqual([]);

    // Tab through the whole report page: every stop shows a visible outline.
    const seen: string[] = [];
    for (let i = 0; i < 60; i += 1) {
      await page.keyboard.press('Tab');
      const focus = await focusedControl(page);
      if (!focus) continue;
      expect(`${focus.tag}:${focus.name}:${focus.outline}`).not.toMatch(/:none$/);
      expect(focus.width).toBeGreaterThanOrEqual(2);
      seen.push(`${focus.tag}:${focus.name}`);
    }
    for (const control of [
      'textarea:text',
      'select:status',
      'select:directoryEntryId',
      'select:counsellorId',
    ]) {
      expect(seen).toContain(control);
    }
    expect(seen.some((s) => s.startsWith('button:'))).toBe(true);
    await screenshot(page, 'report-keyboard');
  });

  it('when opened on a phone-sized screen, then nothing scrolls sideways', async () => {
    await seedQueue();
    for (let i = 0; i < 6; i += 1) {
      await seedReport(h.store, {
        type: 'threats',
        region: 'sikasso',
        createdAt: new Date('2025-10-10T08:00:00Z'),
      });
    }
    const supervisor = await createTestAccount(h, 'supervisor');
    await page.setViewportSize({ width: 360, height: 740 });
    await loginWithKeyboard(page, server.baseUrl, supervisor.email, TEST_PASSWORD);
    for (const path of ['/console/reports', '/console/stats', '/console/directory']) {
      await page.goto(`${server.baseUrl}${path}`);
      const overflow = await horizontalOverflow(page);
      expect(`${path}:${overflow}`).toBe(`${path}:${Math.min(overflow, 0)}`);
      await screenshot(page, `phone-${path.split('/').pop() ?? ''}`);
    }
  });
});
