/**
 * Spoken descriptions on disk under `<DATA_DIR>/voice-reports/`, one JSON file per report named by a
 * hash of its sourceRef, the audio sealed with the report sealer. Nothing of the audio reaches a log.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Sealer } from '../../domain/privacy/sealing';
import type { Sealed } from '../../domain/shared/sealed';
import { audioTypeOf, type ReportAudioStore } from '../../domain/voice/report-audio';

/** The folder under DATA_DIR. */
export const REPORT_AUDIO_DIR = 'voice-reports';

interface StoredAudio {
  sourceRef: string;
  at: string;
  sealed: Sealed;
}

const fileOf = (dir: string, sourceRef: string): string =>
  join(dir, `${createHash('sha256').update(sourceRef, 'utf8').digest('hex')}.json`);

function read(path: string): StoredAudio | null {
  if (!existsSync(path)) return null;
  return JSON.parse(readFileSync(path, 'utf8')) as StoredAudio;
}

/** The retention sweep of ReportAudioStore, usable without the sealer (the worker process). */
export async function sweepReportAudio(
  dir: string,
  keep: (sourceRef: string) => Promise<boolean | null>,
  orphanBefore: Date,
): Promise<number> {
  if (!existsSync(dir)) return 0;
  let removed = 0;
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    const path = join(dir, name);
    const stored = read(path);
    if (!stored) continue;
    const verdict = await keep(stored.sourceRef);
    const orphan = verdict === null && new Date(stored.at) < orphanBefore;
    if (verdict === false || orphan) {
      rmSync(path, { force: true });
      removed++;
    }
  }
  return removed;
}

export function createSealedReportAudioStore(
  dir: string,
  sealer: Pick<Sealer, 'seal' | 'open'>,
): ReportAudioStore {
  return {
    put(sourceRef, audio, at) {
      mkdirSync(dir, { recursive: true });
      const path = fileOf(dir, sourceRef);
      const stored: StoredAudio = {
        sourceRef,
        at: at.toISOString(),
        sealed: sealer.seal(audio.toString('base64')),
      };
      writeFileSync(`${path}.tmp`, JSON.stringify(stored));
      renameSync(`${path}.tmp`, path);
      return Promise.resolve();
    },
    get(sourceRef) {
      const stored = read(fileOf(dir, sourceRef));
      if (!stored) return Promise.resolve(null);
      const audio = Buffer.from(sealer.open(stored.sealed), 'base64');
      return Promise.resolve({ audio, contentType: audioTypeOf(audio) });
    },
    has(sourceRef) {
      return Promise.resolve(existsSync(fileOf(dir, sourceRef)));
    },
    sweep(keep, orphanBefore) {
      return sweepReportAudio(dir, keep, orphanBefore);
    },
  };
}
