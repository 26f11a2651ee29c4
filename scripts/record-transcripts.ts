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
const ctx = transcriptEngineContext(content.flow);
const dir = join(flowsDir, 'transcripts');
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()) {
  const path = join(dir, file);
  const t = transcriptSchema.parse(parse(readFileSync(path, 'utf8')));
  const screens = runTranscript(ctx, t, { serviceCode });
  writeFileSync(path, stringify({ ...t, screens }, { lineWidth: 0 }));
  process.stdout.write(`${file}: ${screens.length} screens\n`);
}
