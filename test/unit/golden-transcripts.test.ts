import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadContent } from '../../src/adapters/flows/flow-files';
import { transcriptEngineContext } from '../../src/adapters/flows/transcript-context';
import { fits } from '../../src/domain/flow/pager';
import { runTranscript, transcriptSchema } from '../../src/domain/flow/transcript';

const flowsDir = join(__dirname, '..', '..', 'flows');
const content = loadContent(flowsDir, { spelling: 'gsm', serviceCode: '*123#' });
const ctx = transcriptEngineContext(content.flow);
const dir = join(flowsDir, 'transcripts');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

describe('golden transcripts of flows/main.yaml', () => {
  it('when the transcripts are listed, then every top-level branch has one per locale', () => {
    const branches = ['protect', 'law', 'help', 'report', 'follow', 'tips', 'language', 'danger'];
    for (const b of branches) for (const l of ['fr', 'bm']) expect(files).toContain(`${b}.${l}.yaml`);
  });

  it.each(files)('when %s is replayed, then every screen matches and fits', (file) => {
    const t = transcriptSchema.parse(parse(readFileSync(join(dir, file), 'utf8')));
    expect(t.screens.length).toBeGreaterThan(1);
    const screens = runTranscript(ctx, t, { serviceCode: '*123#' });
    expect(screens).toEqual(t.screens);
    for (const s of screens) expect(fits(s)).toBe(true);
  });
});
