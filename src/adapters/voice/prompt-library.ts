/**
 * The recorded prompts on disk, first found wins: the console studio's recordings under
 * `<DATA_DIR>/voice/audio/<locale>/` (with their review marks in `<DATA_DIR>/voice/reviews.json`), then
 * the versioned flows/audio/<locale>/<id>.(mp3|wav), then the espeak-ng placeholders in
 * flows/voice/placeholders/<locale>/ (git-ignored, never counted as recorded). Scanned at boot;
 * `refresh()` rescans after a recording is added.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parsePromptCatalogue, type PromptCatalogue } from '../../domain/voice/prompt-catalogue';
import type { PromptRef } from '../../domain/voice/voice-plan';
import { LOCALES, type Locale } from '../../domain/shared/locale';

export const VOICE_DIR = 'voice';
/** The versioned recordings, under the flows folder (beside `voice/`, as `npm run voice:export` writes). */
export const AUDIO_DIR = 'audio';
export const CATALOGUE_FILE = 'prompts.yaml';
export const AUDIO_EXTENSIONS = ['.mp3', '.wav'] as const;
/** A prompt id as a file name: node ids (`a-z0-9_`, pieces `-2`) and shared ids (`_…`). */
export const PROMPT_FILE = /^[a-z_][a-z0-9_]*(?:-[0-9]+)?\.(?:mp3|wav)$/;

export type PromptState = 'missing' | 'placeholder' | 'recorded' | 'reviewed';

function scan(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!existsSync(dir)) return files;
  for (const name of readdirSync(dir).sort()) {
    if (!PROMPT_FILE.test(name)) continue;
    const id = name.replace(/\.(mp3|wav)$/, '');
    // One file per prompt: an MP3 wins over a WAV of the same prompt (smaller for the gateway to fetch).
    if (!files.has(id) || name.endsWith('.mp3')) files.set(id, name);
  }
  return files;
}

/** Studio review marks: true once reviewed, false after a new recording (overrides the catalogue's list). */
export type StudioReviews = Record<Locale, Record<string, boolean>>;
export const REVIEWS_FILE = 'reviews.json';

export function readStudioReviews(studioDir: string | null): StudioReviews {
  const empty: StudioReviews = { fr: {}, bm: {} };
  if (!studioDir || !existsSync(join(studioDir, REVIEWS_FILE))) return empty;
  const raw = JSON.parse(readFileSync(join(studioDir, REVIEWS_FILE), 'utf8')) as Partial<StudioReviews>;
  return { fr: { ...raw.fr }, bm: { ...raw.bm } };
}

export class PromptLibrary {
  private studio = new Map<Locale, Map<string, string>>();
  private recordings = new Map<Locale, Map<string, string>>();
  private placeholders = new Map<Locale, Map<string, string>>();
  private reviewed = new Map<Locale, Set<string>>();

  /** `<flowsDir>/voice` (catalogue, placeholders) and `<flowsDir>/audio` (versioned recordings). */
  private readonly dir: string;
  private readonly audioDir: string;

  constructor(
    readonly catalogue: PromptCatalogue,
    flowsDir: string,
    /** The studio's folder (`<DATA_DIR>/voice`), or null without a studio. */
    readonly studioDir: string | null = null,
  ) {
    this.dir = join(flowsDir, VOICE_DIR);
    this.audioDir = join(flowsDir, AUDIO_DIR);
    this.refresh();
  }

  /** Reads the catalogue from `<flowsDir>/voice/prompts.yaml`; throws on a bad catalogue. */
  static load(flowsDir: string, studioDir: string | null = null): PromptLibrary {
    const flows = resolve(flowsDir);
    return new PromptLibrary(
      parsePromptCatalogue(readFileSync(join(flows, VOICE_DIR, CATALOGUE_FILE), 'utf8')),
      flows,
      studioDir === null ? null : resolve(studioDir),
    );
  }

  refresh(): void {
    const marks = readStudioReviews(this.studioDir);
    for (const locale of LOCALES) {
      this.studio.set(
        locale,
        this.studioDir ? scan(join(this.studioDir, 'audio', locale)) : new Map<string, string>(),
      );
      this.recordings.set(locale, scan(join(this.audioDir, locale)));
      this.placeholders.set(locale, scan(join(this.dir, 'placeholders', locale)));
      const reviewed = new Set(this.catalogue.reviewed[locale]);
      for (const [id, ok] of Object.entries(marks[locale])) {
        if (ok) reviewed.add(id);
        else reviewed.delete(id);
      }
      this.reviewed.set(locale, reviewed);
    }
  }

  private recorded(ref: PromptRef): boolean {
    return Boolean(this.studio.get(ref.locale)?.has(ref.id) || this.recordings.get(ref.locale)?.has(ref.id));
  }

  state(ref: PromptRef): PromptState {
    if (this.recorded(ref)) return this.reviewed.get(ref.locale)?.has(ref.id) ? 'reviewed' : 'recorded';
    return this.placeholders.get(ref.locale)?.has(ref.id) ? 'placeholder' : 'missing';
  }

  /** Something can be played for this prompt (a recording, or in development a placeholder). */
  has(ref: PromptRef): boolean {
    return this.state(ref) !== 'missing';
  }

  /** The file name the gateway fetches for a prompt (the recording's, else the placeholder's, else `.mp3`). */
  fileName(ref: PromptRef): string {
    return (
      this.studio.get(ref.locale)?.get(ref.id) ??
      this.recordings.get(ref.locale)?.get(ref.id) ??
      this.placeholders.get(ref.locale)?.get(ref.id) ??
      `${ref.id}.mp3`
    );
  }

  /** The path on disk of a served file, or null; `name` must already match PROMPT_FILE. */
  pathOf(locale: Locale, name: string): string | null {
    const id = name.replace(/\.(mp3|wav)$/, '');
    if (this.studioDir && this.studio.get(locale)?.get(id) === name) {
      return join(this.studioDir, 'audio', locale, name);
    }
    if (this.studio.get(locale)?.has(id)) return null;
    if (this.recordings.get(locale)?.get(id) === name) return join(this.audioDir, locale, name);
    if (this.placeholders.get(locale)?.get(id) === name) return join(this.dir, 'placeholders', locale, name);
    return null;
  }
}
