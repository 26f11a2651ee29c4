/**
 * French placeholder prompts spoken by Debian's espeak-ng, for development and trials without recordings.
 * They go to flows/voice/placeholders/fr/ (git-ignored), are marked as placeholders by where they live,
 * and never count as recorded or reviewed. Never Bambara: espeak-ng has no Bambara voice, and a French
 * voice reading Bambara words would pass for a recording it is not.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CompiledFlow } from '../../domain/flow/compile';
import { promptEntries, type ContactPromptSource } from '../../domain/voice/prompt-catalogue';
import type { PromptLibrary } from './prompt-library';

export const PLACEHOLDER_LOCALE = 'fr';

export function espeakAvailable(command = 'espeak-ng'): boolean {
  const r = spawnSync(command, ['--version'], { encoding: 'utf8' });
  return r.status === 0;
}

export interface PlaceholderResult {
  written: string[];
  /** Already recorded by a person: left alone. */
  skipped: string[];
}

/** Writes one WAV per French prompt that has a script and no recording; returns what it did. */
export function writePlaceholders(
  flow: CompiledFlow,
  library: PromptLibrary,
  voiceDir: string,
  /** The directory: the contacts nodes list get a French name placeholder too. */
  directory: readonly ContactPromptSource[],
  opts: { command?: string; only?: (id: string) => boolean } = {},
): PlaceholderResult {
  const out = join(voiceDir, 'placeholders', PLACEHOLDER_LOCALE);
  mkdirSync(out, { recursive: true });
  const result: PlaceholderResult = { written: [], skipped: [] };
  for (const e of promptEntries(flow, library.catalogue, directory)) {
    if (e.locale !== PLACEHOLDER_LOCALE || e.script === null || e.script === '') continue;
    if (opts.only && !opts.only(e.id)) continue;
    const state = library.state(e);
    if (state === 'recorded' || state === 'reviewed') {
      result.skipped.push(e.id);
      continue;
    }
    const r = spawnSync(
      opts.command ?? 'espeak-ng',
      ['-v', 'fr', '-s', '150', '-w', join(out, `${e.id}.wav`), e.script],
      {
        encoding: 'utf8',
      },
    );
    if (r.status !== 0) throw new Error(`espeak-ng failed on ${e.id}: ${r.stderr}`);
    result.written.push(e.id);
  }
  library.refresh();
  return result;
}
