import { AUDIT } from '../../src/console/services/audit-trail';
import type { DirectoryEntry } from '../../src/domain/flow/directory';
import { TEST_DIRECTORY, useConsoleHarness } from '../helpers/console-harness';

const EMERGENCY: DirectoryEntry = {
  id: 'police_17',
  name: 'Police secours',
  regions: ['bamako'],
  kind: 'police',
  phone: '17',
  source: 'https://example.org/17',
  verified: '2025-11-20',
  fromSources: true,
};

const h = useConsoleHarness({ directory: [...TEST_DIRECTORY, EMERGENCY] });

const DAY_MS = 86_400_000;

interface Verification {
  state: string;
  shownOnPhones: boolean;
  due: boolean;
  alarm: boolean;
  dueAt: string | null;
  lastCall: { outcome: string; by: string; byName: string | null; note?: string } | null;
}
interface DirectoryBody {
  items: Array<{ id: string; verified: string | false; verification: Verification }>;
  due: string[];
}

async function readDirectory(agent: { get(path: string): PromiseLike<{ body: unknown }> }) {
  const body = (await agent.get('/api/v1/directory')).body as DirectoryBody;
  const of = (id: string): Verification => {
    const item = body.items.find((e) => e.id === id);
    if (!item) throw new Error(`no entry ${id}`);
    return item.verification;
  };
  return { body, of };
}

describe('console API: contacts verified by test calls', () => {
  it('when nothing was called, then only the emergency number from sources is shown on phones, and every contact is due', async () => {
    const c = await h.signIn('counsellor');
    const { body, of } = await readDirectory(c.agent);
    expect(of('police_17')).toMatchObject({
      state: 'sources_only',
      shownOnPhones: true,
      due: true,
      alarm: false,
    });
    expect(of('ngo_unverified')).toMatchObject({ state: 'unverified', shownOnPhones: false, due: true });
    // The YAML's research date is not a test call: still hidden.
    expect(of('police_bamako')).toMatchObject({ state: 'unverified', shownOnPhones: false, lastCall: null });
    expect(body.items.find((e) => e.id === 'ngo_unverified')?.verified).toBe(false);
    expect([...body.due].sort()).toEqual(['ngo_unverified', 'police_17', 'police_bamako']);
  });

  it('when a supervisor confirms a contact, then it is shown until CONTACT_VERIFY_DAYS pass, audited without the note; then hidden and due', async () => {
    const s = await h.signIn('supervisor');
    const res = await s.post('/directory/ngo_unverified/test-calls', {
      outcome: 'confirmed',
      note: 'Répond en semaine, 8 h - 17 h',
    });
    expect(res.status).toBe(201);
    const until = new Date(h.clock.now().getTime() + 180 * DAY_MS).toISOString();
    expect(res.body.contact.verification).toMatchObject({
      state: 'confirmed',
      shownOnPhones: true,
      due: false,
      dueAt: until,
    });
    expect(res.body.testCall).toMatchObject({ contactId: 'ngo_unverified', outcome: 'confirmed', by: s.id });

    const audit = await h.store.audit.list({ action: AUDIT.directoryTestCall }, { limit: 10 });
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({
      actorId: s.id,
      reportId: null,
      details: { contactId: 'ngo_unverified', outcome: 'confirmed' },
    });
    expect(JSON.stringify(audit.items[0])).not.toContain('Répond');

    let dir = await readDirectory(s.agent);
    expect(dir.of('ngo_unverified')).toMatchObject({
      state: 'confirmed',
      lastCall: {
        outcome: 'confirmed',
        by: s.id,
        byName: expect.any(String),
        note: 'Répond en semaine, 8 h - 17 h',
      },
    });
    expect(dir.body.due).not.toContain('ngo_unverified');

    // Sessions expire after 30 idle minutes: sign in again after each jump of the clock.
    h.clock.advance(180 * DAY_MS - 1000);
    const before = await h.signIn('counsellor');
    expect((await readDirectory(before.agent)).of('ngo_unverified').shownOnPhones).toBe(true);
    h.clock.advance(1000);
    const after = await h.signIn('counsellor');
    dir = await readDirectory(after.agent);
    expect(dir.of('ngo_unverified')).toMatchObject({ state: 'expired', shownOnPhones: false, due: true });
    expect(dir.body.due).toContain('ngo_unverified');
  });

  it('when an emergency number’s call fails, then it is hidden, raises the alarm and heads the due list', async () => {
    const s = await h.signIn('admin');
    const res = await s.post('/directory/police_17/test-calls', { outcome: 'no_answer' });
    expect(res.status).toBe(201);
    const { body, of } = await readDirectory(s.agent);
    expect(of('police_17')).toMatchObject({ state: 'failed', shownOnPhones: false, alarm: true, due: true });
    expect(body.due[0]).toBe('police_17');
    // A later confirmed call puts it back.
    h.clock.advance(60_000);
    await s.post('/directory/police_17/test-calls', { outcome: 'confirmed' });
    expect((await readDirectory(s.agent)).of('police_17')).toMatchObject({
      state: 'confirmed',
      alarm: false,
    });
  });

  it('when a contact’s calls are read, then newest first with who made each; an unknown contact is 404', async () => {
    const s = await h.signIn('supervisor');
    await s.post('/directory/police_bamako/test-calls', { outcome: 'no_answer' });
    h.clock.advance(60_000);
    await s.post('/directory/police_bamako/test-calls', { outcome: 'confirmed', note: 'Rappelé' });
    const c = await h.signIn('counsellor');
    const res = await c.agent.get('/api/v1/directory/police_bamako/test-calls');
    expect(res.status).toBe(200);
    const items = res.body.items as Array<{ outcome: string; by: string; byName: string; note?: string }>;
    expect(items.map((i) => i.outcome)).toEqual(['confirmed', 'no_answer']);
    expect(items[0]).toMatchObject({
      by: s.id,
      byName: expect.stringMatching(/^supervisor/),
      note: 'Rappelé',
    });
    expect((await c.agent.get('/api/v1/directory/police_17/test-calls')).body.items).toEqual([]);
    expect((await c.agent.get('/api/v1/directory/made_up/test-calls')).status).toBe(404);
  });

  it('when a counsellor records a test call, then 403 and nothing is stored', async () => {
    const c = await h.signIn('counsellor');
    const res = await c.post('/directory/ngo_unverified/test-calls', { outcome: 'confirmed' });
    expect(res.status).toBe(403);
    expect(await h.store.testCalls.latestPerContact()).toEqual([]);
  });

  it('when the input is wrong, then a clear 4xx: unknown outcome or field, too long a note, unknown contact, no CSRF token', async () => {
    const s = await h.signIn('supervisor');
    expect((await s.post('/directory/ngo_unverified/test-calls', { outcome: 'maybe' })).status).toBe(400);
    expect(
      (await s.post('/directory/ngo_unverified/test-calls', { outcome: 'confirmed', by: 'someone' })).status,
    ).toBe(400);
    expect(
      (await s.post('/directory/ngo_unverified/test-calls', { outcome: 'confirmed', note: 'x'.repeat(501) }))
        .status,
    ).toBe(400);
    const unknown = await s.post('/directory/made_up/test-calls', { outcome: 'confirmed' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain('annuaire');
    const noCsrf = await s.agent
      .post('/api/v1/directory/ngo_unverified/test-calls')
      .send({ outcome: 'confirmed' });
    expect(noCsrf.status).toBe(403);
    expect(await h.store.testCalls.latestPerContact()).toEqual([]);
  });
});

describe('web console: the directory page and its test-call form', () => {
  const form = (csrf: string, outcome: string, note?: string) => ({
    _csrf: csrf,
    outcome,
    ...(note === undefined ? {} : { note }),
  });

  it('when a supervisor records a confirmed call, then the page says so and shows the contact until when', async () => {
    const s = await h.signIn('supervisor');
    let page = await s.agent.get('/console/directory');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Jamais vérifié par appel : masqué sur les téléphones');
    expect(page.text).toContain('Confirmé par les sources, pas encore appelé : affiché');
    expect(page.text).toContain('<label for="outcome-ngo_unverified">');
    // No outcome is chosen in advance: a supervisor must pick one, "confirmed" included.
    expect(page.text).toContain(
      'name="outcome" required>\n          <option value="">Choisir le résultat</option>',
    );
    const none = await s.agent
      .post('/console/directory/ngo_unverified/test-calls')
      .type('form')
      .send({ _csrf: s.csrf, outcome: '' });
    expect(none.status).toBe(400);
    expect(page.text).toContain('À appeler (3)');

    const res = await s.agent
      .post('/console/directory/ngo_unverified/test-calls')
      .type('form')
      .send(form(s.csrf, 'confirmed', 'Numéro direct du bureau'));
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/console/directory?done=test_call#contact-ngo_unverified');

    page = await s.agent.get(res.headers.location as string);
    expect(page.text).toContain('Appel test enregistré.');
    expect(page.text).toContain('Vérifié par appel test, affiché jusqu’au 2026-05-02');
    expect(page.text).toContain('2025-11-03 · Répondu et confirmé');
    expect(page.text).toContain('« Numéro direct du bureau »');
    expect(page.text).toContain('À appeler (2)');
  });

  it('when an emergency number fails its call, then the page raises the alarm in words', async () => {
    const s = await h.signIn('supervisor');
    await s.agent
      .post('/console/directory/police_17/test-calls')
      .type('form')
      .send(form(s.csrf, 'wrong_number'));
    const page = await s.agent.get('/console/directory');
    expect(page.text).toContain('role="alert"');
    expect(page.text).toContain('Numéros d’urgence en échec :</strong> Police secours');
  });

  it('when the form is posted without its token, by a counsellor, or with a bad outcome, then it is refused and nothing is stored', async () => {
    const s = await h.signIn('supervisor');
    const noToken = await s.agent
      .post('/console/directory/ngo_unverified/test-calls')
      .type('form')
      .send({ outcome: 'confirmed' });
    expect(noToken.status).toBe(403);
    const bad = await s.agent
      .post('/console/directory/ngo_unverified/test-calls')
      .type('form')
      .send(form(s.csrf, 'maybe'));
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('role="alert"');

    const c = await h.signIn('counsellor');
    const page = await c.agent.get('/console/directory');
    expect(page.text).not.toContain('Enregistrer l’appel test');
    const refused = await c.agent
      .post('/console/directory/ngo_unverified/test-calls')
      .type('form')
      .send(form(c.csrf, 'confirmed'));
    expect(refused.status).toBe(403);
    expect(await h.store.testCalls.latestPerContact()).toEqual([]);
  });
});
