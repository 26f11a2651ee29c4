/** `npm run voice:export`: the console studio's takes and review marks into flows/voice, for git. */
import { join } from 'node:path';
import { VOICE_DIR } from '../src/adapters/voice/prompt-library';
import { exportStudio } from '../src/adapters/voice/voice-export';

const flows = process.env.FLOWS_DIR ?? 'flows';
const data = process.env.DATA_DIR ?? './data';
const r = exportStudio(join(data, 'voice'), join(flows, VOICE_DIR));
process.stdout.write(
  `Copied ${r.copied.length} take(s) into ${join(flows, VOICE_DIR, 'audio')}; ` +
    `reviewed: ${r.reviewed.join(', ') || 'none'}; waiting for review: ${r.unreviewed.join(', ') || 'none'}.\n` +
    'Commit flows/voice to version them.\n',
);
