/** Part of `npm run flows:check`: missing and unreviewed voice prompts per locale (flows/voice). */
import { loadContent } from '../src/adapters/flows/flow-files';
import { PromptLibrary } from '../src/adapters/voice/prompt-library';
import { formatPromptReport, promptReport } from '../src/adapters/voice/prompt-report';
import type { BambaraSpelling } from '../src/domain/flow/bambara-spelling';

const dir = process.env.FLOWS_DIR ?? 'flows';
const { flow, directory } = loadContent(dir, {
  spelling: (process.env.BAMBARA_SPELLING ?? 'gsm') as BambaraSpelling,
  serviceCode: process.env.USSD_SERVICE_CODE ?? '*123#',
});
let library: PromptLibrary;
try {
  library = PromptLibrary.load(dir);
} catch (e) {
  process.stdout.write(`\nVoice prompt catalogue: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}
process.stdout.write(`\n${formatPromptReport(promptReport(flow, library, directory.entries)).join('\n')}\n`);
