/**
 * Port: the recording studio of the console (supervisor or admin). The list of prompts with their script
 * and state in each language; saving a recording (a WAV the gateway plays) resets its review; a reviewer
 * marks it reviewed. Implemented over files by src/adapters/voice/voice-studio.ts.
 */
import type { Locale } from '../shared/locale';

export type StudioPromptState = 'missing' | 'placeholder' | 'recorded' | 'reviewed';

export interface StudioPrompt {
  id: string;
  node: string | null;
  script: Record<Locale, string | null>;
  state: Record<Locale, StudioPromptState>;
  /** Where the console (and the gateway) fetch the audio, or null when there is none. */
  audioPath: Record<Locale, string | null>;
}

export class StudioInputError extends Error {}

export interface VoiceStudio {
  list(): StudioPrompt[];
  /** Stores a recording (WAV); throws StudioInputError for an unknown prompt or a file that is not a WAV. */
  save(id: string, locale: Locale, wav: Buffer): Promise<void>;
  /** Marks a recorded prompt reviewed; throws StudioInputError when there is no recording to review. */
  markReviewed(id: string, locale: Locale): Promise<void>;
}
