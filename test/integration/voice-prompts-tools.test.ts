/*
 * The voice prompt tools on a copy of the real flows: the prompt report behind `npm run flows:check`, and
 * the espeak-ng French placeholders (`npm run voice:placeholders`), which never count as recorded and
 * are never made for Bambara.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContent } from '../../src/adapters/flows/flow-files';
import { espeakAvailable, writePlaceholders } from '../../src/adapters/voice/espeak-placeholders';
import { PromptLibrary } from '../../src/adapters/voice/prompt-library';
import { promptReport } from '../../src/adapters/voice/prompt-report';
import { exportStudio } from '../../src/adapters/voice/voice-export';
import { createVoiceStudio } from '../../src/adapters/voice/voice-studio';

const ROOT = join(__dirname, '..', '..');
let dir: string;
let flows: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tanga-prompts-'));
  flows = join(dir, 'flows');
  cpSync(join(ROOT, 'flows'), flows, {
    recursive: true,
    filter: (src) => !src.includes('placeholders') && !src.includes('transcripts'),
  });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const content = () => loadContent(flows, { spelling: 'gsm', serviceCode: '*123#' });

describe('voice prompt tools', () => {
  it('when prompts are recorded and some reviewed, then the report lists missing, unreviewed and reviewed per locale', () => {
    const { flow, directory } = content();
    mkdirSync(join(flows, 'audio', 'fr'), { recursive: true });
    mkdirSync(join(flows, 'audio', 'bm'), { recursive: true });
    writeFileSync(join(flows, 'audio', 'fr', 'main.mp3'), 'x');
    writeFileSync(join(flows, 'audio', 'fr', 'danger.wav'), 'x');
    writeFileSync(join(flows, 'audio', 'bm', 'main.wav'), 'x');
    const catalogueFile = join(flows, 'voice', 'prompts.yaml');
    writeFileSync(
      catalogueFile,
      readFileSync(catalogueFile, 'utf8').replace('  fr: []', '  fr: [main, tips]'),
    );
    const [fr, bm] = promptReport(flow, PromptLibrary.load(flows), directory.entries);
    expect(fr?.reviewed).toEqual(['main']);
    expect(fr?.unreviewed).toEqual(['danger']);
    expect(fr?.missing).toContain('protect');
    expect(fr?.missing).not.toContain('main');
    expect(fr?.strayReviewed).toEqual(['tips']);
    expect(bm?.unreviewed).toEqual(['main']);
    expect(bm?.missing).toContain('danger');
    // Every node of the flow has a prompt in each locale.
    for (const node of Object.keys(flow.nodes)) {
      expect([...(fr?.missing ?? []), ...(fr?.reviewed ?? []), ...(fr?.unreviewed ?? [])]).toContain(node);
    }
    expect(bm?.noScript).toEqual(expect.arrayContaining(['_digit_0', '_no_input', 'language']));
    // The name of each directory contact a node lists (issue 14 D), to record in both locales.
    expect(fr?.missing).toContain('_contact_gbv_hotline_80001132');
    expect(bm?.missing).toContain('_contact_gbv_hotline_80001132');
    expect(bm?.noScript).not.toContain('_contact_gbv_hotline_80001132');
  });

  it('when `npm run flows:check` runs, then it lists the missing voice prompts per locale', () => {
    const r = spawnSync(
      join(ROOT, 'node_modules', '.bin', 'tsx'),
      [join(ROOT, 'scripts', 'voice-prompts-check.ts')],
      {
        env: { ...process.env, FLOWS_DIR: flows },
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/fr: 0\/\d+ reviewed/);
    expect(r.stdout).toMatch(/bm: .*\n\s+missing: language, main, danger/);
    expect(r.stdout).toMatch(/no script yet: .*_digit_0/);
    // The totals count one name prompt per directory contact a node lists (the GBV line) or whose number
    // a text says (the four emergency numbers), per locale; and the pieces around those numbers.
    const { flow, directory } = content();
    const lib = PromptLibrary.load(flows);
    const withContacts = promptReport(flow, lib, directory.entries)[0]?.total ?? 0;
    expect(withContacts - (promptReport(flow, lib, [])[0]?.total ?? 0)).toBe(5);
    expect(r.stdout).toMatch(/fr: .*\n\s+missing: language, main, danger, danger-2,/);
    expect(promptReport(flow, lib, directory.entries)[1]?.missing).toContain('_contact_police_17');
    expect(r.stdout).toContain(`fr: 0/${withContacts} reviewed`);
    expect(r.stdout).toContain(`bm: 0/${withContacts} reviewed`);
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts['flows:check']).toContain(
      'scripts/voice-prompts-check.ts',
    );
  });

  it('when espeak-ng writes placeholders, then they are French WAVs, counted as placeholders, and recordings are left alone', () => {
    // Debian's espeak-ng is part of this machine's setup (apt-get install -y espeak-ng).
    expect(espeakAvailable()).toBe(true);
    const { flow, directory } = content();
    mkdirSync(join(flows, 'audio', 'fr'), { recursive: true });
    writeFileSync(join(flows, 'audio', 'fr', 'danger.mp3'), 'recorded by a person');
    const library = PromptLibrary.load(flows);
    const gbv = '_contact_gbv_hotline_80001132';
    const police = '_contact_police_17';
    const only = new Set(['main', 'danger', 'danger-2', '_digit_7', 'report_done-2', gbv, police]);
    const r = writePlaceholders(flow, library, join(flows, 'voice'), directory.entries, {
      only: (id) => only.has(id),
    });
    expect(r.written.sort()).toEqual([gbv, police, '_digit_7', 'danger-2', 'main', 'report_done-2']);
    expect(r.skipped).toEqual(['danger']);
    const wav = readFileSync(join(flows, 'voice', 'placeholders', 'fr', 'main.wav'));
    expect(wav.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(wav.length).toBeGreaterThan(10_000);
    expect(existsSync(join(flows, 'voice', 'placeholders', 'bm'))).toBe(false);
    expect(library.state({ id: 'main', locale: 'fr' })).toBe('placeholder');
    expect(library.has({ id: 'main', locale: 'fr' })).toBe(true);
    expect(library.has({ id: 'main', locale: 'bm' })).toBe(false);
    const [fr] = promptReport(flow, library, directory.entries);
    expect(fr?.placeholder.sort()).toEqual([gbv, police, '_digit_7', 'danger-2', 'main', 'report_done-2']);
    expect(fr?.reviewed).toEqual([]);
    // The placeholder folder is ignored by git: a placeholder is never versioned as a recording.
    expect(readFileSync(join(ROOT, 'flows', 'voice', '.gitignore'), 'utf8')).toContain('placeholders/');
  });
});

describe('voice:export', () => {
  it("when a directory contact's name is recorded in the studio, then the studio lists it and voice:export versions it", async () => {
    const { flow, directory } = content();
    const studioDir = join(dir, 'data', 'voice');
    const library = PromptLibrary.load(flows, studioDir);
    const studio = createVoiceStudio(flow, library, '/voice/audio', directory.entries);
    const gbv = '_contact_gbv_hotline_80001132';
    const listed = studio.list().find((p) => p.id === gbv);
    expect(listed).toMatchObject({
      node: null,
      script: { fr: 'Violences femmes et filles (gratuit)', bm: 'Musow ni npogotigiw tɔɔrɔli (sara tɛ)' },
      state: { fr: 'missing', bm: 'missing' },
    });
    // The emergency numbers' names and the danger text's pieces around its numbers are listed too.
    const police = '_contact_police_17';
    expect(studio.list().find((p) => p.id === police)).toMatchObject({
      node: null,
      script: { fr: 'Police secours', bm: 'Polisi' },
    });
    expect(studio.list().find((p) => p.id === 'danger')?.script.fr).toBe('Appelez vite:');
    expect(studio.list().find((p) => p.id === 'danger-2')?.node).toBe('danger');
    const take = Buffer.concat([Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1'), Buffer.alloc(64)]);
    await studio.save(gbv, 'bm', take);
    await studio.markReviewed(gbv, 'bm');
    await studio.save(police, 'fr', take);
    await studio.save('danger-2', 'fr', take);
    expect(studio.list().find((p) => p.id === gbv)?.state).toEqual({ fr: 'missing', bm: 'reviewed' });
    const r = exportStudio(studioDir, flows);
    expect(r.copied.sort()).toEqual([`bm/${gbv}.wav`, `fr/${police}.wav`, 'fr/danger-2.wav']);
    expect(r.reviewed).toEqual([`bm/${gbv}`]);
    const versioned = PromptLibrary.load(flows);
    expect(versioned.state({ id: gbv, locale: 'bm' })).toBe('reviewed');
  });

  it('when the studio has takes and review marks, then the takes are copied into flows/audio, the marks into the catalogue, which keeps its comments', () => {
    const studio = join(dir, 'data', 'voice');
    mkdirSync(join(studio, 'audio', 'bm'), { recursive: true });
    writeFileSync(join(studio, 'audio', 'bm', 'main.wav'), 'RIFF take');
    writeFileSync(join(studio, 'audio', 'bm', 'danger.wav'), 'RIFF take 2');
    mkdirSync(join(flows, 'audio', 'bm'), { recursive: true });
    writeFileSync(join(flows, 'audio', 'bm', 'main.mp3'), 'old take');
    writeFileSync(
      join(studio, 'reviews.json'),
      JSON.stringify({ fr: {}, bm: { main: true, danger: false } }),
    );
    const r = exportStudio(studio, flows);
    expect(r.copied.sort()).toEqual(['bm/danger.wav', 'bm/main.wav']);
    expect(readFileSync(join(flows, 'audio', 'bm', 'main.wav'), 'utf8')).toBe('RIFF take');
    expect(existsSync(join(flows, 'audio', 'bm', 'main.mp3'))).toBe(false);
    const yaml = readFileSync(join(flows, 'voice', 'prompts.yaml'), 'utf8');
    expect(yaml).toContain('# Voice prompt catalogue (issue 16)');
    const lib = PromptLibrary.load(flows);
    expect(lib.state({ id: 'main', locale: 'bm' })).toBe('reviewed');
    expect(lib.state({ id: 'danger', locale: 'bm' })).toBe('recorded');
  });
});
