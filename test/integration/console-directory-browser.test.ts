import type { Browser, Page } from 'playwright-core';
import { createConsoleHarness, createTestAccount, TEST_PASSWORD } from '../helpers/console-harness';
import type { ConsoleHarness } from '../helpers/console-harness';
import {
  launchConsoleBrowser,
  loginWithKeyboard,
  lowContrastTexts,
  screenshot,
  serve,
} from '../helpers/console-browser';

/*
 * The directory page in a real Chromium (issue 14 D): a supervisor records a confirmed test call of a
 * contact never called; it is then shown until CONTACT_VERIFY_DAYS (180) pass, after which the page
 * lists it as due and hidden.
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
  await h.ready;
  server = await serve(h.app);
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
});
afterEach(async () => {
  await page.close();
  await server.close();
  await h.close();
});

const DAY_MS = 86_400_000;

describe('directory page in Chromium', () => {
  it('when a supervisor confirms a contact by a test call, then it is shown until 180 days pass, then hidden and due', async () => {
    const supervisor = await createTestAccount(h, 'supervisor', 'Mariam Diallo');
    await loginWithKeyboard(page, server.baseUrl, supervisor.email, TEST_PASSWORD);
    await page.goto(`${server.baseUrl}/console/directory`);
    const card = page.locator('#contact-ngo_unverified');
    await expect(card.innerText()).resolves.toContain('Jamais vérifié par appel');
    await expect(page.locator('.due').innerText()).resolves.toContain('Association partenaire');

    await card.getByLabel('Résultat de l’appel test').selectOption('confirmed');
    await card.getByLabel('Remarque (facultative)').fill('Répond le matin');
    await Promise.all([
      page.waitForURL(/done=test_call/),
      card.getByRole('button', { name: 'Enregistrer l’appel test' }).click(),
    ]);
    await expect(page.getByRole('status').first().innerText()).resolves.toContain('Appel test enregistré.');
    const after = await page.locator('#contact-ngo_unverified').innerText();
    expect(after).toContain('Vérifié par appel test, affiché jusqu’au 2026-05-02');
    expect(after).toContain('Répondu et confirmé · Mariam Diallo · « Répond le matin »');
    await expect(page.locator('#h-due').locator('..').innerText()).resolves.not.toContain(
      'Association partenaire',
    );
    expect(await lowContrastTexts(page)).toEqual([]);
    await screenshot(page, 'directory-after-test-call');

    // 180 days later (the session has long expired): hidden again, and due.
    h.clock.advance(180 * DAY_MS);
    await loginWithKeyboard(page, server.baseUrl, supervisor.email, TEST_PASSWORD);
    await page.goto(`${server.baseUrl}/console/directory`);
    await expect(page.locator('#contact-ngo_unverified').innerText()).resolves.toContain(
      'Vérification expirée le 2026-05-02 : masqué, à rappeler',
    );
    await expect(page.locator('.due').innerText()).resolves.toContain('Association partenaire');
    await screenshot(page, 'directory-expired');
  });

  it('when a supervisor edits a contact on the page, then the new number and regions are shown, and the contact stays hidden until a test call', async () => {
    const supervisor = await createTestAccount(h, 'supervisor', 'Awa Traoré');
    await loginWithKeyboard(page, server.baseUrl, supervisor.email, TEST_PASSWORD);
    await page.goto(`${server.baseUrl}/console/directory`);
    const card = page.locator('#contact-ngo_unverified');
    await card.getByText('Modifier ce contact').click();
    await card.getByLabel('Téléphone').fill('66 73 04 26');
    await card.getByLabel('Libellé court, français').fill('Aide juridique');
    await card.getByLabel('Libellé court, bambara').fill('Sariya dɛmɛ');
    await card.getByLabel('Koulikoro').check();
    await Promise.all([
      page.waitForURL(/done=edited/),
      card.getByRole('button', { name: 'Enregistrer les modifications' }).click(),
    ]);
    await expect(page.getByRole('status').first().innerText()).resolves.toContain('Contact modifié.');
    const after = await page.locator('#contact-ngo_unverified').innerText();
    expect(after).toContain('66 73 04 26');
    expect(after).toContain('Aide juridique / Sariya dɛmɛ');
    expect(after).toContain('Koulikoro');
    expect(after).toContain('Numéro modifié le 2025-11-03 : masqué jusqu’à un appel test confirmé');
    expect(await h.store.directory.get('ngo_unverified')).toMatchObject({
      phone: '66 73 04 26',
      regions: ['kayes', 'koulikoro'],
      label: { fr: 'Aide juridique', bm: 'Sariya dɛmɛ' },
      updatedBy: supervisor.id,
    });
    expect(await lowContrastTexts(page)).toEqual([]);
    await screenshot(page, 'directory-after-edit');
  });
});
