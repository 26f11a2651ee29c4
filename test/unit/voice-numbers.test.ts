/**
 * Issue 14 D on voice: a node whose text says the emergency numbers (`numbers`) is recorded in pieces
 * around them, and a call plays, in their place, the lead and each number phones show now (its name
 * prompt, then its digits). A hidden number is never heard; with none shown the lead goes too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadContent } from '../../src/adapters/flows/flow-files';
import type { Locale } from '../../src/domain/shared/locale';
import { nodeParts, parsePromptCatalogue, promptEntries } from '../../src/domain/voice/prompt-catalogue';
import { planVoice, type VoiceContact } from '../../src/domain/voice/voice-plan';

const FLOWS = join(__dirname, '..', '..', 'flows');
const { flow, directory } = loadContent(FLOWS, { spelling: 'gsm', serviceCode: '*123#' });
const catalogue = parsePromptCatalogue(readFileSync(join(FLOWS, 'voice', 'prompts.yaml'), 'utf8'));

const ALL: VoiceContact[] = [
  { id: 'police_17', phone: '17' },
  { id: 'police_toll_free', phone: '80 00 11 15' },
  { id: 'gendarmerie_toll_free', phone: '80 00 11 14' },
  { id: 'sapeurs_pompiers_18', phone: '18' },
];
const digits = (locale: Locale, n: string): string[] =>
  [...n.replace(/ /g, '')].map((d) => `${locale}/_digit_${d}`);
const spoken = (locale: Locale, c: VoiceContact): string[] => [
  `${locale}/_contact_${c.id}`,
  ...digits(locale, c.phone ?? ''),
];
const heard = (node: string, locale: Locale, numbers?: VoiceContact[]): string[] =>
  planVoice({
    flow,
    node,
    locale,
    vars: { serviceCode: '*123#' },
    invalid: false,
    failed: false,
    ...(numbers ? { numbers } : {}),
  }).prompts.map((p) => `${p.locale}/${p.id}`);

describe('voice of the emergency numbers a node says', () => {
  it('when the danger text is cut, then the numbers part is no recording: a lead piece, the numbers, then the rest', () => {
    const node = flow.nodes['danger'];
    const parts = nodeParts('danger', node?.text.fr ?? '', node?.numbers?.fr);
    expect(parts).toEqual([
      {
        numbers: ALL.map((c) => ({ contact: c.id, says: c.phone })),
        lead: { prompt: 'danger', script: 'Appelez vite:' },
      },
      { prompt: 'danger-2', script: "Allez près d'une personne de confiance." },
    ]);
    const scripts = promptEntries(flow, catalogue, directory.entries).filter((e) => e.node === 'danger');
    for (const e of scripts) expect(e.script ?? '').not.toMatch(/17|18|80 00/);
    // The keys close the piece always played, never the lead.
    expect(scripts.find((e) => e.id === 'danger' && e.locale === 'fr')?.script).toBe('Appelez vite:');
    expect(scripts.find((e) => e.id === 'danger-2' && e.locale === 'fr')?.script).toMatch(
      /confiance\.\n.*0/s,
    );
  });

  it.each(['fr', 'bm'] as const)(
    'when every number is shown (%s), then the lead and each name and number are played in the text order',
    (locale) => {
      expect(heard('danger', locale, ALL)).toEqual([
        `${locale}/danger`,
        ...ALL.flatMap((c) => spoken(locale, c)),
        `${locale}/danger-2`,
      ]);
      // Without visibility wired (the checker, tools): the numbers as reviewed, the same prompts.
      expect(heard('danger', locale)).toEqual(heard('danger', locale, ALL));
    },
  );

  it.each(['fr', 'bm'] as const)(
    'when the police 17 is hidden by a failed test call (%s), then its name and 1, 7 are not played and the others are',
    (locale) => {
      const shown = ALL.filter((c) => c.id !== 'police_17');
      expect(heard('danger', locale, shown)).toEqual([
        `${locale}/danger`,
        ...shown.flatMap((c) => spoken(locale, c)),
        `${locale}/danger-2`,
      ]);
      const limit = heard('report_limit', locale, shown);
      expect(limit).not.toContain(`${locale}/_contact_police_17`);
      expect(limit.slice(-9)).toEqual(spoken(locale, { id: 'police_toll_free', phone: '80 00 11 15' }));
    },
  );

  it.each(['fr', 'bm'] as const)(
    'when no number is shown (%s), then neither the lead nor any number is played, the rest is',
    (locale) => {
      expect(heard('danger', locale, [])).toEqual([`${locale}/danger-2`]);
      const now = heard('report_danger_now', locale, []);
      expect(now).toEqual([`${locale}/report_danger_now-2`, `${locale}/_record_hint`]);
      // report_limit: the numbers close the text, after the service code read digit by digit.
      const limit = heard('report_limit', locale, []);
      expect(limit[0]).toBe(`${locale}/report_limit`);
      expect(limit[limit.length - 1]).toBe(`${locale}/report_limit-2`);
      expect(limit.some((p) => p.includes('_contact_'))).toBe(false);
    },
  );

  it('when the catalogue is built, then each number said has a name prompt: the French name, the Bambara group label', () => {
    const entries = promptEntries(flow, catalogue, directory.entries);
    const script = (id: string, locale: Locale): string | null | undefined =>
      entries.find((e) => e.id === `_contact_${id}` && e.locale === locale)?.script;
    expect(script('police_17', 'fr')).toBe('Police secours');
    expect(script('police_toll_free', 'fr')).toBe('Police, numéro vert');
    expect(script('police_17', 'bm')).toBe('Polisi');
    expect(script('gendarmerie_toll_free', 'bm')).toBe('Zandarameri');
    expect(script('sapeurs_pompiers_18', 'bm')).toBe('Sapeurs-pompiers');
    // The lead of every numbers node is a piece of its own, listed with its node.
    for (const id of ['danger', 'report_danger_now', 'report_limit-3']) {
      expect(entries.filter((e) => e.id === id).map((e) => e.locale)).toEqual(['fr', 'bm']);
    }
  });
});
