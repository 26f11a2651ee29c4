/** `npm run voice:export`: the console studio's takes into flows/audio, review marks into flows/voice. */
import { join } from 'node:path';
import { AUDIO_DIR } from '../src/adapters/voice/prompt-library';
import { exportStudio } from '../src/adapters/voice/voice-export';

const flows = process.env.FLOWS_DIR ?? 'flows';
const data = process.env.DATA_DIR ?? './data';
const r = exportStudio(join(data, 'voice'), flows);
process.stdout.write(
  `Copied ${r.copied.length} take(s) into ${join(flows, AUDIO_DIR)}; ` +
    `reviewed: ${r.reviewed.join(', ') || 'none'}; waiting for review: ${r.unreviewed.join(', ') || 'none'}.\n` +
    'Commit flows/audio and flows/voice/prompts.yaml to version them.\n',
);
