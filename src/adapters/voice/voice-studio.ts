/**
 * The console studio over files: recordings land in `<DATA_DIR>/voice/audio/<locale>/<id>.wav` (a WAV
 * the gateway plays), review marks in `<DATA_DIR>/voice/reviews.json`; `npm run voice:export` copies both
 * into flows/voice for versioning. Writes go through a temporary file and a rename.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompiledFlow } from '../../domain/flow/compile';
import { LOCALES, type Locale } from '../../domain/shared/locale';
import { promptEntries, type ContactPromptSource } from '../../domain/voice/prompt-catalogue';
import { StudioInputError, type StudioPrompt, type VoiceStudio } from '../../domain/voice/voice-studio';
import { readStudioReviews, REVIEWS_FILE, type PromptLibrary } from './prompt-library';

/** A minute of 48 kHz 16-bit mono is about 5.8 MB; a prompt is far shorter. */
export const MAX_RECORDING_BYTES = 8 * 1024 * 1024;

/** A RIFF/WAVE file with PCM or another format the header names; enough to refuse anything else. */
export function isWav(bytes: Buffer): boolean {
  return (
    bytes.length > 44 &&
    bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
    bytes.subarray(8, 12).toString('latin1') === 'WAVE'
  );
}

function writeAtomically(path: string, data: Buffer | string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

export function createVoiceStudio(
  flow: CompiledFlow,
  library: PromptLibrary,
  audioUrlBase: string,
  /** The directory: a contact a node lists has a name prompt to record. */
  directory: readonly ContactPromptSource[],
): VoiceStudio {
  const studioDir = library.studioDir;
  if (!studioDir) throw new Error('the voice studio needs a studio folder');
  const known = (): Map<string, string | null> => {
    const ids = new Map<string, string | null>();
    for (const e of promptEntries(flow, library.catalogue, directory)) ids.set(e.id, e.node);
    return ids;
  };
  const setMark = (id: string, locale: Locale, ok: boolean): void => {
    const marks = readStudioReviews(studioDir);
    marks[locale][id] = ok;
    mkdirSync(studioDir, { recursive: true });
    writeAtomically(join(studioDir, REVIEWS_FILE), `${JSON.stringify(marks, null, 2)}\n`);
  };

  return {
    list() {
      const byId = new Map<string, StudioPrompt>();
      for (const e of promptEntries(flow, library.catalogue, directory)) {
        const p = byId.get(e.id) ?? {
          id: e.id,
          node: e.node,
          script: { fr: null, bm: null },
          state: { fr: 'missing', bm: 'missing' },
          audioPath: { fr: null, bm: null },
        };
        p.script[e.locale] = e.script;
        p.state[e.locale] = library.state(e);
        p.audioPath[e.locale] = library.has(e) ? `${audioUrlBase}/${e.locale}/${library.fileName(e)}` : null;
        byId.set(e.id, p);
      }
      return [...byId.values()];
    },

    save(id, locale, wav) {
      if (!known().has(id) || !LOCALES.includes(locale)) throw new StudioInputError('unknown prompt');
      if (!isWav(wav) || wav.length > MAX_RECORDING_BYTES) throw new StudioInputError('not a WAV recording');
      const dir = join(studioDir, 'audio', locale);
      mkdirSync(dir, { recursive: true });
      writeAtomically(join(dir, `${id}.wav`), wav);
      // A new take must be listened to again.
      setMark(id, locale, false);
      library.refresh();
      return Promise.resolve();
    },

    markReviewed(id, locale) {
      if (!known().has(id)) throw new StudioInputError('unknown prompt');
      const state = library.state({ id, locale });
      if (state !== 'recorded' && state !== 'reviewed')
        throw new StudioInputError('nothing recorded to review');
      setMark(id, locale, true);
      library.refresh();
      return Promise.resolve();
    },
  };
}
