import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDirectory, unverifiedEntries } from '../../src/domain/flow/directory';

const entry = (over: Record<string, unknown> = {}) => ({
  id: 'police_17',
  name: 'Police',
  regions: ['bamako'],
  kind: 'police',
  phone: '17',
  source: 'https://example.org/page',
  verified: '2025-11-28',
  ...over,
});
const yamlOf = (entries: unknown[]) => JSON.stringify({ entries });

describe('loadDirectory', () => {
  it('when an entry is complete, then it is returned as written', () => {
    const dir = loadDirectory(yamlOf([entry()]));
    expect(dir.entries).toEqual([entry()]);
  });

  it('when an entry is unconfirmed, then verified false is accepted and unverifiedEntries lists it', () => {
    const dir = loadDirectory(
      yamlOf([entry(), entry({ id: 'hotline', verified: false, note: 'test-call' })]),
    );
    expect(unverifiedEntries(dir).map((e) => e.id)).toEqual(['hotline']);
  });

  it.each([
    ['a source that is not a URL', { source: 'maliweb' }],
    ['a source that is not http(s)', { source: 'ftp://example.org/x' }],
    ['no source', { source: undefined }],
    ['verified true instead of a date', { verified: true }],
    ['a verified date in another format', { verified: '28/11/2025' }],
    ['an unknown region', { regions: ['mopti'] }],
    ['no region', { regions: [] }],
    ['an unknown kind', { kind: 'shop' }],
    ['an unknown field', { email: 'x@example.org' }],
  ])('when an entry has %s, then loading fails', (_label, over) => {
    expect(() => loadDirectory(yamlOf([entry(over)]))).toThrow(/directory:/);
  });

  it('when two entries share an id, then loading fails and names the id', () => {
    expect(() => loadDirectory(yamlOf([entry(), entry()]))).toThrow(/duplicate id "police_17"/);
  });

  it('when the text is not YAML, then loading fails with a clear message', () => {
    expect(() => loadDirectory('entries: [')).toThrow('directory: invalid YAML');
  });
});

describe('flows/directory.yaml', () => {
  const dir = loadDirectory(readFileSync(join(__dirname, '../../flows/directory.yaml'), 'utf8'));

  it('when the real directory is loaded, then every entry has an http(s) source URL', () => {
    expect(dir.entries.length).toBeGreaterThan(20);
    for (const e of dir.entries) expect(e.source).toMatch(/^https?:\/\/\S+$/);
  });

  it('when an entry is unverified, then it says why in a note', () => {
    for (const e of unverifiedEntries(dir)) expect(e.note).toEqual(expect.any(String));
  });

  it('when numbers are unconfirmed in the research notes, then their entries are unverified', () => {
    const unverifiedPhones = unverifiedEntries(dir).flatMap((e) => (e.phone === undefined ? [] : [e.phone]));
    expect(unverifiedPhones).toEqual(
      expect.arrayContaining(['80 00 11 32', '80333', '20 23 67 08 / 66 73 04 26']),
    );
    const verifiedPhones = dir.entries.filter((e) => e.verified !== false).map((e) => e.phone);
    expect(verifiedPhones).not.toContain('80 00 11 32');
    expect(verifiedPhones).not.toContain('80333');
  });

  it('when the emergency numbers are listed, then 17, 18 and the two toll-free numbers are verified', () => {
    const verified = dir.entries.filter((e) => e.verified !== false).map((e) => e.phone);
    expect(verified).toEqual(expect.arrayContaining(['17', '18', '80 00 11 15', '80 00 11 14']));
  });
});
