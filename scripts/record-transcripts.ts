/**
 * `npm run transcripts:record`: re-renders the screens of every golden transcript in flows/transcripts/
 * from its inputs. Review the diff before committing: it is what callers will see.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { loadContent } from '../src/adapters/flows/flow-files';
import { transcriptEngineContext } from '../src/adapters/flows/transcript-context';
import { runTranscript, transcriptSchema } from '../src/domain/flow/transcript';

const flowsDir = process.env.FLOWS_DIR ?? 'flows';
const serviceCode = process.env.USSD_SERVICE_CODE ?? '*123#';
const content = loadContent(flowsDir, { spelling: 'gsm', serviceCode });
const spellings = ['gsm', 'french', 'official'] as const;
const contexts = spellings.map((s) => [s, transcriptEngineContext(content.flow, s)] as const);
const dir = join(flowsDir, 'transcripts');
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()) {
  const path = join(dir, file);
  const t = transcriptSchema.parse(parse(readFileSync(path, 'utf8')));
  const [screens = [], ...others] = contexts.map(([, ctx]) => runTranscript(ctx, t, { serviceCode }));
  // A spelling gets its own screens only where they differ from the gsm ones.
  const variants: Record<string, string[]> = {};
  others.forEach((other, i) => {
    const spelling = spellings[i + 1];
    if (spelling && JSON.stringify(other) !== JSON.stringify(screens)) variants[spelling] = other;
  });
  const { variants: _old, ...rest } = t;
  void _old;
  const out = Object.keys(variants).length > 0 ? { ...rest, screens, variants } : { ...rest, screens };
  writeFileSync(path, stringify(out, { lineWidth: 0 }));
  process.stdout.write(`${file}: ${screens.length} screens\n`);
}
