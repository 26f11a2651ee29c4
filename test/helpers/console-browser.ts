import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Express } from 'express';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(__dirname, '..', '..', 'test-output', 'console');

/** Fails loudly (never skips) when Debian's Chromium is missing. */
export async function launchConsoleBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: install it with "apt-get install -y chromium" to run the console browser test.`,
    );
  }
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Serves an app on a free local port. */
export async function serve(app: Express): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

export const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });

/** Logs in with the keyboard only: Tab to each field, type, Enter. */
export async function loginWithKeyboard(
  page: Page,
  baseUrl: string,
  email: string,
  password: string,
): Promise<void> {
  await page.goto(`${baseUrl}/console/login`);
  await page.keyboard.press('Tab'); // skip link
  await page.keyboard.press('Tab'); // brand link
  await page.keyboard.press('Tab');
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await Promise.all([page.waitForURL(/\/console\/reports/), page.keyboard.press('Enter')]);
}

/**
 * The counsellor's path through the console: open the most urgent report of the queue, take it, move it
 * to "in review" and write a reply. Returns the report's code, for a caller following it by code (e.g.
 * the USSD "Suivre mon signalement" check).
 */
export async function replyToMostUrgentReport(
  page: Page,
  reply: string,
): Promise<{ reportId: string; code: string }> {
  const first = page.locator('table.queue tbody tr').first();
  const code = (await first.locator('.code').innerText()).trim();
  await Promise.all([page.waitForURL(/\/console\/reports\/[^/?]+$/), first.getByRole('link').click()]);
  const reportId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');

  await Promise.all([
    page.waitForURL(/done=assigned/),
    page.getByRole('button', { name: 'Prendre en charge' }).click(),
  ]);
  await page.getByLabel('Nouveau statut').selectOption('in_review');
  await Promise.all([
    page.waitForURL(/done=status/),
    page.getByRole('button', { name: 'Changer le statut' }).click(),
  ]);
  await page.getByLabel(/^Réponse/).fill(reply);
  await Promise.all([
    page.waitForURL(/done=reply/),
    page.getByRole('button', { name: 'Envoyer la réponse' }).click(),
  ]);
  return { reportId, code };
}

/**
 * WCAG contrast of every visible text element against its nearest opaque background (a page-level
 * check, run in the browser). Returns the elements below `min`.
 */
// Runs in the page, as plain JS (the test project has no DOM types).
const LOW_CONTRAST_SCRIPT = `(minRatio) => {
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const ch = (v) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
  const lum = ([r = 0, g = 0, b = 0]) => 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b);
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c[3] || 0) > 0.99) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const bad = [];
  for (const el of Array.from(document.body.querySelectorAll('*'))) {
    const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && (n.textContent || '').trim() !== '');
    const box = el.getBoundingClientRect();
    if (!own || box.width === 0 || box.height === 0 || el.closest('svg')) continue;
    const fg = lum(parse(getComputedStyle(el).color));
    const bg = lum(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    if (ratio < minRatio) bad.push(el.tagName.toLowerCase() + ' "' + (el.textContent || '').trim().slice(0, 30) + '" ' + ratio.toFixed(2));
  }
  return bad;
}`;

/**
 * WCAG contrast of every visible text element against its nearest opaque background. Returns the
 * elements below `min`.
 */
export async function lowContrastTexts(page: Page, min = 4.5): Promise<string[]> {
  return page.evaluate(`(${LOW_CONTRAST_SCRIPT})(${min})`);
}

/** The focused element's tag, name and outline, or null when nothing is focused. */
export async function focusedControl(
  page: Page,
): Promise<{ tag: string; name: string; outline: string; width: number } | null> {
  return page.evaluate(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(),
      name: el.getAttribute('name') || (el.textContent || '').trim().slice(0, 20),
      outline: style.outlineStyle,
      width: parseFloat(style.outlineWidth),
    };
  })()`);
}

/** How far the page scrolls sideways (0 or less: it fits the viewport). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
}
