/**
 * What `npm run flows:check` says about the voice prompts, per locale: missing recordings (placeholders
 * count as missing), recorded but not reviewed, scripts nobody has written yet, and reviewed entries that
 * name no prompt.
 */
import type { CompiledFlow } from '../../domain/flow/compile';
import { LOCALES, type Locale } from '../../domain/shared/locale';
import { promptEntries, type ContactPromptSource } from '../../domain/voice/prompt-catalogue';
import type { PromptLibrary } from './prompt-library';

export interface LocalePromptReport {
  locale: Locale;
  total: number;
  reviewed: string[];
  /** Recorded by a person, not yet approved. */
  unreviewed: string[];
  /** Only an espeak-ng placeholder exists. */
  placeholder: string[];
  /** Nothing at all to play. */
  missing: string[];
  /** No script in this locale yet: a speaker cannot record it. */
  noScript: string[];
  /** Listed under `reviewed` in the catalogue but not a prompt of the flow, or with no recording. */
  strayReviewed: string[];
}

export function promptReport(
  flow: CompiledFlow,
  library: PromptLibrary,
  directory: readonly ContactPromptSource[],
): LocalePromptReport[] {
  const entries = promptEntries(flow, library.catalogue, directory);
  return LOCALES.map((locale) => {
    const mine = entries.filter((e) => e.locale === locale);
    const r: LocalePromptReport = {
      locale,
      total: mine.length,
      reviewed: [],
      unreviewed: [],
      placeholder: [],
      missing: [],
      noScript: mine.filter((e) => e.script === null).map((e) => e.id),
      strayReviewed: [],
    };
    for (const e of mine) {
      const state = library.state(e);
      if (state === 'reviewed') r.reviewed.push(e.id);
      else if (state === 'recorded') r.unreviewed.push(e.id);
      else if (state === 'placeholder') r.placeholder.push(e.id);
      else r.missing.push(e.id);
    }
    const ids = new Set(mine.map((e) => e.id));
    r.strayReviewed = library.catalogue.reviewed[locale].filter(
      (id) => !ids.has(id) || library.state({ id, locale }) !== 'reviewed',
    );
    return r;
  });
}

const list = (ids: string[]): string =>
  ids.length > 12 ? `${ids.slice(0, 12).join(', ')}, …` : ids.join(', ');

export function formatPromptReport(reports: LocalePromptReport[]): string[] {
  const lines = ['Voice prompts (flows/voice):'];
  for (const r of reports) {
    lines.push(
      `  ${r.locale}: ${r.reviewed.length}/${r.total} reviewed, ${r.unreviewed.length} recorded not reviewed, ` +
        `${r.placeholder.length} placeholder only, ${r.missing.length} missing, ${r.noScript.length} without a script`,
    );
    if (r.unreviewed.length > 0) lines.push(`    not reviewed: ${list(r.unreviewed)}`);
    if (r.placeholder.length > 0) lines.push(`    placeholder only: ${list(r.placeholder)}`);
    if (r.missing.length > 0) lines.push(`    missing: ${list(r.missing)}`);
    if (r.noScript.length > 0) lines.push(`    no script yet: ${list(r.noScript)}`);
    if (r.strayReviewed.length > 0)
      lines.push(`    reviewed but no such recording: ${list(r.strayReviewed)}`);
  }
  return lines;
}
