/**
 * Issue 14 D: the directory lives in the store, seeded from the YAML; supervisors edit and add contacts
 * (API and page), every change audited by field name; a changed number or a new contact reaches no phone
 * before a confirmed test call. Real SQLite, real HTTP.
 */
import { Writable } from 'node:stream';
import { AUDIT } from '../../src/console/services/audit-trail';
import { seedDirectory } from '../../src/console/services/directory-seed.service';
import type { DirectoryEntry } from '../../src/domain/flow/directory';
import { createLogger } from '../../src/logger';
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

const errors: string[] = [];
const logger = createLogger({
  level: 'error',
  destination: new Writable({
    write(chunk: Buffer, _enc, done) {
      errors.push(chunk.toString());
      done();
    },
  }),
});
const h = useConsoleHarness({ directory: [...TEST_DIRECTORY, EMERGENCY], logger });

interface Item {
  id: string;
  name: string;
  phone: string | null;
  regions: string[];
  note: string | null;
  label: { fr: string; bm: string } | null;
  origin: string;
  verification: { state: string; shownOnPhones: boolean; due: boolean };
}
const itemOf = async (agent: { get(p: string): PromiseLike<{ body: unknown }> }, id: string) =>
  ((await agent.get('/api/v1/directory')).body as { items: Item[] }).items.find((e) => e.id === id);

const editAudit = async () =>
  (await h.store.audit.list({ action: AUDIT.directoryEdit }, { limit: 10 })).items;

describe('console API: editing and adding directory contacts', () => {
  it('when a supervisor edits name, label, regions and note, then they are stored, shown, and audited by field name only', async () => {
    const s = await h.signIn('supervisor');
    const res = await s.patch('/directory/ngo_unverified', {
      name: '  Association partenaire (Kayes)  ',
      label: { fr: 'Aide juridique', bm: 'Sariya dɛmɛ' },
      regions: ['kayes', 'other', 'kayes'],
      note: 'Ouvert le matin',
    });
    expect(res.status).toBe(200);
    expect(res.body.changed).toEqual(['name', 'label', 'regions', 'note']);
    expect(res.body.contact).toMatchObject({
      name: 'Association partenaire (Kayes)',
      regions: ['kayes', 'other'],
      verification: { state: 'unverified', shownOnPhones: false },
    });
    const c = await h.signIn('counsellor');
    expect(await itemOf(c.agent, 'ngo_unverified')).toMatchObject({
      name: 'Association partenaire (Kayes)',
      label: { fr: 'Aide juridique', bm: 'Sariya dɛmɛ' },
      note: 'Ouvert le matin',
    });
    const audit = await editAudit();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorId: s.id,
      details: { contactId: 'ngo_unverified', fields: 'name,label,regions,note' },
    });
    expect(JSON.stringify(audit[0]?.details)).not.toContain('matin');

    // The same values again change nothing and write no audit line.
    const again = await s.patch('/directory/ngo_unverified', { note: 'Ouvert le matin' });
    expect(again.body.changed).toEqual([]);
    expect(await editAudit()).toHaveLength(1);
  });

  it('when the number of a confirmed contact changes, then the earlier call no longer counts: hidden until a new confirmed call', async () => {
    const s = await h.signIn('supervisor');
    await s.post('/directory/police_bamako/test-calls', { outcome: 'confirmed' }).expect(201);
    expect((await itemOf(s.agent, 'police_bamako'))?.verification.shownOnPhones).toBe(true);
    h.clock.advance(60_000);
    const res = await s.patch('/directory/police_bamako', { phone: '20  22 00 00' });
    expect(res.status).toBe(200);
    expect(res.body.contact).toMatchObject({
      phone: '20 22 00 00',
      verification: { state: 'unverified', shownOnPhones: false, due: true },
    });
    h.clock.advance(60_000);
    await s.post('/directory/police_bamako/test-calls', { outcome: 'confirmed' }).expect(201);
    expect((await itemOf(s.agent, 'police_bamako'))?.verification.state).toBe('confirmed');
  });

  it('when the number of an emergency number from sources changes, then it is hidden at once and an error line says so, without the number', async () => {
    const s = await h.signIn('admin');
    errors.length = 0;
    await s.patch('/directory/police_17', { phone: '112' }).expect(200);
    expect((await itemOf(s.agent, 'police_17'))?.verification).toMatchObject({
      state: 'unverified',
      shownOnPhones: false,
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('emergency number from sources was changed');
    expect(errors[0]).not.toContain('112');
    const page = await s.agent.get('/console/directory');
    expect(page.text).toContain('Numéro modifié le 2025-11-03 : masqué jusqu’à un appel test confirmé');
  });

  it('when a supervisor adds a contact, then it is stored unverified and hidden, with an id from its name, audited; the same id again is 409', async () => {
    const s = await h.signIn('supervisor');
    const res = await s.post('/directory', {
      name: 'Numéro vert VBG (nouveau)',
      kind: 'hotline',
      regions: ['bamako'],
      phone: '80 00 11 99',
    });
    expect(res.status).toBe(201);
    expect(res.body.contact).toMatchObject({
      id: 'numero_vert_vbg_nouveau',
      origin: 'console',
      verified: false,
      source: null,
      verification: { state: 'unverified', shownOnPhones: false, due: true },
    });
    const c = await h.signIn('counsellor');
    expect((await itemOf(c.agent, 'numero_vert_vbg_nouveau'))?.phone).toBe('80 00 11 99');
    const audit = await h.store.audit.list({ action: AUDIT.directoryAdd }, { limit: 10 });
    expect(audit.items.map((a) => a.details)).toEqual([{ contactId: 'numero_vert_vbg_nouveau' }]);

    const second = await s.post('/directory', {
      name: 'Numéro vert VBG (nouveau)',
      kind: 'hotline',
      regions: ['kayes'],
    });
    expect(second.body.contact.id).toBe('numero_vert_vbg_nouveau_2');
    const taken = await s.post('/directory', {
      id: 'police_17',
      name: 'Doublon',
      kind: 'police',
      regions: ['bamako'],
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error.message).toContain('police_17');
  });

  it('when the input is wrong or the caller may not, then a clear 4xx and nothing is stored', async () => {
    const s = await h.signIn('supervisor');
    const before = await h.store.directory.list();
    const bad = [
      [
        '/directory/ngo_unverified',
        { phone: '80 00 11 ab' },
        /phone : un numéro ne contient que des chiffres/,
      ],
      ['/directory/ngo_unverified', { phone: '1'.repeat(41) }, /phone : un numéro tient en 40 caractères/],
      ['/directory/ngo_unverified', {}, /aucun champ à modifier/],
      ['/directory/ngo_unverified', { regions: [] }, /regions : au moins une région/],
      ['/directory/ngo_unverified', { regions: ['paris'] }, /regions/],
      ['/directory/ngo_unverified', { label: { fr: 'Seulement le français' } }, /label\.bm/],
      ['/directory/ngo_unverified', { name: 'a\nb' }, /name : le nom tient sur une ligne/],
      ['/directory/ngo_unverified', { fromSources: true }, /champ inconnu fromSources/],
    ] as const;
    for (const [path, body, message] of bad) {
      const res = await s.patch(path, body);
      expect([path, res.status]).toEqual([path, 400]);
      expect(res.body.error.message).toMatch(message);
    }
    const badAdd = await s.post('/directory', { name: 'X', kind: 'bank', regions: ['bamako'] });
    expect(badAdd.status).toBe(400);
    expect(badAdd.body.error.message).toContain('kind');
    expect((await s.post('/directory', { name: 'Sans régions', kind: 'hotline' })).status).toBe(400);
    expect((await s.patch('/directory/made_up', { name: 'X' })).status).toBe(404);
    const c = await h.signIn('counsellor');
    expect((await c.patch('/directory/ngo_unverified', { name: 'X' })).status).toBe(403);
    expect((await c.post('/directory', { name: 'X', kind: 'hotline', regions: ['bamako'] })).status).toBe(
      403,
    );
    expect(await h.store.directory.list()).toEqual(before);
    expect(await editAudit()).toEqual([]);
  });
});

describe('seeding from flows/directory.yaml', () => {
  it('when the YAML gains an entry, then the next start adds only it, after the others, and keeps console edits', async () => {
    const s = await h.signIn('supervisor');
    await s.patch('/directory/ngo_unverified', { name: 'Nom corrigé en console' }).expect(200);
    const added = await seedDirectory(
      { store: h.store, clock: h.clock, logger: createLogger({ level: 'silent' }) },
      [...TEST_DIRECTORY, EMERGENCY, { ...EMERGENCY, id: 'pompiers_18', name: 'Pompiers', phone: '18' }],
    );
    expect(added).toEqual(['pompiers_18']);
    const all = await h.store.directory.list();
    expect(all.map((c) => c.id)).toEqual(['police_bamako', 'ngo_unverified', 'police_17', 'pompiers_18']);
    expect(all[1]?.name).toBe('Nom corrigé en console');
    const seeds = await h.store.audit.list({ action: AUDIT.directorySeed }, { limit: 10 });
    // The harness's first start (3 entries), then this one.
    expect(seeds.items.map((a) => a.details.added).sort()).toEqual([1, 3]);
  });
});

describe('web console: editing and adding on the directory page', () => {
  it('when a supervisor posts the edit form, then the change is stored and the page says so; a bad number shows the error and stores nothing', async () => {
    const s = await h.signIn('supervisor');
    const page = await s.agent.get('/console/directory');
    expect(page.text).toContain('<label for="phone-ngo_unverified">Téléphone</label>');
    const form = {
      _csrf: s.csrf,
      name: 'Association partenaire',
      phone: '66 00 00 01',
      label_fr: '',
      label_bm: '',
      regions: ['kayes', 'sikasso'],
      note: '',
    };
    const res = await s.agent.post('/console/directory/ngo_unverified').type('form').send(form);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/console/directory?done=edited#contact-ngo_unverified');
    expect(await h.store.directory.get('ngo_unverified')).toMatchObject({
      phone: '66 00 00 01',
      regions: ['kayes', 'sikasso'],
      note: null,
      label: null,
    });
    expect((await s.agent.get(res.headers.location as string)).text).toContain('Contact modifié.');

    const bad = await s.agent
      .post('/console/directory/ngo_unverified')
      .type('form')
      .send({ ...form, phone: 'abc' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('un numéro ne contient que des chiffres');
    expect((await h.store.directory.get('ngo_unverified'))?.phone).toBe('66 00 00 01');

    const c = await h.signIn('counsellor');
    expect((await c.agent.get('/console/directory')).text).not.toContain('Modifier ce contact');
  });
});
