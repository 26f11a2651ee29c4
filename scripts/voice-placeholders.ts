/**
 * `npm run voice:placeholders`: French placeholder prompts with espeak-ng (apt-get install espeak-ng) into
 * flows/voice/placeholders/fr/, for prompts not yet recorded by a person. Never Bambara.
 */
import { join } from 'node:path';
import { loadContent } from '../src/adapters/flows/flow-files';
import { espeakAvailable, writePlaceholders } from '../src/adapters/voice/espeak-placeholders';
import { PromptLibrary, VOICE_DIR } from '../src/adapters/voice/prompt-library';
import type { BambaraSpelling } from '../src/domain/flow/bambara-spelling';

const dir = process.env.FLOWS_DIR ?? 'flows';
if (!espeakAvailable()) {
  process.stderr.write(
    'espeak-ng is not installed (Debian: apt-get install -y espeak-ng); nothing written.\n',
  );
  process.exit(1);
}
const { flow, directory } = loadContent(dir, {
  spelling: (process.env.BAMBARA_SPELLING ?? 'gsm') as BambaraSpelling,
  serviceCode: process.env.USSD_SERVICE_CODE ?? '*123#',
});
const library = PromptLibrary.load(dir);
const r = writePlaceholders(flow, library, join(dir, VOICE_DIR), directory.entries);
process.stdout.write(
  `French placeholders written: ${r.written.length} (in ${join(dir, VOICE_DIR, 'placeholders', 'fr')}); ` +
    `left alone because recorded: ${r.skipped.length}. Bambara: none (recordings only).\n`,
);
