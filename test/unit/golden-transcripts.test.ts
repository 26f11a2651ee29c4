import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadContent } from '../../src/adapters/flows/flow-files';
import { transcriptEngineContext } from '../../src/adapters/flows/transcript-context';
import { fits } from '../../src/domain/flow/pager';
import { expectedScreens, runTranscript, transcriptSchema } from '../../src/domain/flow/transcript';

const flowsDir = join(__dirname, '..', '..', 'flows');
const content = loadContent(flowsDir, { spelling: 'gsm', serviceCode: '*123#' });
const spellings = ['gsm', 'french', 'official'] as const;
const dir = join(flowsDir, 'transcripts');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const load = (file: string) => transcriptSchema.parse(parse(readFileSync(join(dir, file), 'utf8')));
const cases = spellings.flatMap((s) => files.map((f) => [f, s] as const));

describe('golden transcripts of flows/main.yaml', () => {
  it('when the transcripts are listed, then every top-level branch has one per locale', () => {
    const branches = ['protect', 'law', 'help', 'report', 'follow', 'tips', 'language', 'danger'];
    for (const b of branches) for (const l of ['fr', 'bm']) expect(files).toContain(`${b}.${l}.yaml`);
  });

  it.each(cases)('when %s is replayed in the %s spelling, then every screen matches and fits', (file, s) => {
    const t = load(file);
    expect(t.screens.length).toBeGreaterThan(1);
    const screens = runTranscript(transcriptEngineContext(content.flow, s), t, { serviceCode: '*123#' });
    expect(screens).toEqual(expectedScreens(t, s));
    for (const screen of screens) expect(fits(screen)).toBe(true);
  });

  it('when a French counsellor reply is shown on a Bambara screen in the french spelling, then it is unchanged', () => {
    const t = load('follow.bm.yaml');
    const reply = t.vars.reply ?? '';
    expect(reply).toMatch(/^Merci /);
    const screens = runTranscript(transcriptEngineContext(content.flow, 'french'), t, {
      serviceCode: '*123#',
    });
    const last = screens[screens.length - 1] ?? '';
    expect(last).toContain(reply);
    expect(last).not.toContain('Mertchi');
    // The template around it is still written the French way ("Ɲɛ fɔlɔ" → "Gnè folo").
    expect(last).toContain('Gnè folo');
  });
});
