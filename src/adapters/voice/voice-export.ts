/**
 * `npm run voice:export`: the studio's takes (`<DATA_DIR>/voice/audio`) copied into flows/audio and its
 * review marks into flows/voice/prompts.yaml, for versioning. The catalogue is edited as a YAML document,
 * so its comments stay.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { LOCALES } from '../../domain/shared/locale';
import { AUDIO_DIR, CATALOGUE_FILE, PROMPT_FILE, readStudioReviews, VOICE_DIR } from './prompt-library';

export interface ExportResult {
  copied: string[];
  reviewed: string[];
  unreviewed: string[];
}

/** `studioDir`: `<DATA_DIR>/voice`; `flowsDir`: FLOWS_DIR. */
export function exportStudio(studioDir: string, flowsDir: string): ExportResult {
  const result: ExportResult = { copied: [], reviewed: [], unreviewed: [] };
  for (const locale of LOCALES) {
    const from = join(studioDir, 'audio', locale);
    if (!existsSync(from)) continue;
    const to = join(flowsDir, AUDIO_DIR, locale);
    mkdirSync(to, { recursive: true });
    for (const name of readdirSync(from).filter((n) => PROMPT_FILE.test(n))) {
      const id = name.replace(/\.(mp3|wav)$/, '');
      // One file per prompt in flows: an older take in the other format would shadow the new one.
      for (const other of ['mp3', 'wav']) {
        const stale = join(to, `${id}.${other}`);
        if (`${id}.${other}` !== name) rmSync(stale, { force: true });
      }
      copyFileSync(join(from, name), join(to, name));
      result.copied.push(`${locale}/${name}`);
    }
  }
  const marks = readStudioReviews(studioDir);
  const file = join(flowsDir, VOICE_DIR, CATALOGUE_FILE);
  const doc = parseDocument(readFileSync(file, 'utf8'));
  for (const locale of LOCALES) {
    const current = new Set(
      (doc.getIn(['reviewed', locale]) as { toJSON(): string[] } | undefined)?.toJSON() ?? [],
    );
    for (const [id, ok] of Object.entries(marks[locale])) {
      if (ok) {
        current.add(id);
        result.reviewed.push(`${locale}/${id}`);
      } else {
        current.delete(id);
        result.unreviewed.push(`${locale}/${id}`);
      }
    }
    const list = doc.createNode([...current].sort());
    list.flow = true;
    doc.setIn(['reviewed', locale], list);
  }
  writeFileSync(file, doc.toString({ lineWidth: 0 }));
  return result;
}
