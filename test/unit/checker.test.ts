import { checkFlow } from '../../src/domain/flow/checker';
import { formatProblem, parseFlow } from '../../src/domain/flow/parse';
import { fixtureText, loadFixture } from '../helpers/flow-fixture';

const opts = { spelling: 'gsm' as const, serviceCode: '*123#' };
const check = (text: string) => {
  const parsed = parseFlow(text, 'bad.yaml');
  if (!parsed.ok) return parsed.problems;
  return checkFlow(parsed.flow, 'bad.yaml', opts).problems;
};
const messages = (text: string) => check(text).map(formatProblem);

describe('flow checker', () => {
  it('when the demo fixture is checked, then there is no problem and the report has figures', () => {
    const report = checkFlow(loadFixture(), 'mini.yaml', opts);
    expect(report.problems).toEqual([]);
    expect(report.screensPerLocale.fr).toBeGreaterThan(5);
    expect(report.largestScreen?.length).toBeLessThanOrEqual(182);
    expect(report.sms).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: 'tip_1', segments: 1 })]),
    );
    expect(report.unreviewedBambara.length).toBeGreaterThan(0);
  });

  it('when an option points to a missing node, then the dangling target is named', () => {
    const bad = fixtureText().replace('target: tips\n', 'target: nowhere\n');
    expect(messages(bad)).toContain('bad.yaml, node main: dangling target "nowhere"');
  });

  it('when a node cannot be reached, then it is reported as unreachable', () => {
    const text = fixtureText().replace(
      '\nsms:\n',
      '\n  orphan:\n    type: end\n    text: { fr: "x", bm: "x" }\nsms:\n',
    );
    expect(messages(text)).toContain('bad.yaml, node orphan: unreachable node');
  });

  it('when a translation is missing, then file, node and locale are named', () => {
    const bad = fixtureText().replace('text: { fr: "Contact ?", bm: "Kuma?" }', 'text: { fr: "Contact ?" }');
    expect(messages(bad)).toEqual([
      expect.stringMatching(
        /^bad\.yaml, node q_contact, locale bm: missing translation at nodes\.q_contact\.text\.bm/,
      ),
    ]);
  });

  it('when a menu is too long for one screen, then the screen is reported per locale', () => {
    const long = 'x'.repeat(60);
    const bad = fixtureText()
      .replace('label: { fr: "Conseils", bm: "Laadilikanw" }', `label: { fr: "${long}", bm: "${long}" }`)
      .replace('label: { fr: "Signaler", bm: "Laseli" }', `label: { fr: "${long}", bm: "${long}" }`)
      .replace('label: { fr: "Langue", bm: "Kan" }', `label: { fr: "${long}", bm: "${long}" }`);
    const found = messages(bad);
    expect(found).toContain(
      'bad.yaml, node main, locale fr: screen too long: the options do not fit on one screen (2 pages)',
    );
    expect(found.some((m) => m.startsWith('bad.yaml, node main, locale bm: screen too long'))).toBe(true);
  });

  it('when an unverified directory entry appears on a screen, then it is a problem', () => {
    const report = checkFlow(loadFixture(), 'mini.yaml', {
      ...opts,
      directory: [
        { id: 'hotline', name: 'Ligne verte', phone: '80 00 11 15', verified: false },
        { id: 'other', name: 'Nowhere', phone: '80 33 33', verified: false },
      ],
    });
    expect(report.problems.map(formatProblem)).toEqual([
      'mini.yaml, node hotline: unverified directory entry "Ligne verte" appears on a screen',
    ]);
    expect(report.unverifiedDirectory.map((e) => e.id)).toEqual(['hotline', 'other']);
  });

  it('when a node lists contacts, then each must be in the directory, and an unverified one listed there is no problem', () => {
    const text = fixtureText().replace(
      'text: { fr: "Contact ?", bm: "Kuma?" }',
      'text: { fr: "Contact ?", bm: "Kuma?" }\n    contacts: [gbv_line, gbv_lnie]',
    );
    const parsed = parseFlow(text, 'bad.yaml');
    if (!parsed.ok) throw new Error(parsed.problems.map(formatProblem).join('\n'));
    const report = checkFlow(parsed.flow, 'bad.yaml', {
      ...opts,
      directory: [{ id: 'gbv_line', name: 'Ligne VBG', phone: '80 00 11 32', verified: false }],
    });
    expect(report.problems.map(formatProblem)).toEqual([
      expect.stringMatching(/^bad\.yaml, node \w+: contact "gbv_lnie" is not in the directory$/),
    ]);
  });

  it('when an SMS template lists contacts, then each must be in the directory, and its segments count them all shown', () => {
    const label = 'x'.repeat(120);
    const text = fixtureText().replace(
      'text: { fr: "Tanga: gardez vos codes secrets.", bm: "Tanga: i ka kɔdi mara." }',
      'text: { fr: "Tanga: gardez vos codes secrets.", bm: "Tanga: i ka kɔdi mara." }\n' +
        `    contacts: [{ id: gbv_line, label: { fr: "${label}", bm: "Nimɔrɔ" } }, { id: gbv_lnie, label: { fr: "a", bm: "b" } }]`,
    );
    const parsed = parseFlow(text, 'bad.yaml');
    if (!parsed.ok) throw new Error(parsed.problems.map(formatProblem).join('\n'));
    const report = checkFlow(parsed.flow, 'bad.yaml', {
      ...opts,
      directory: [{ id: 'gbv_line', name: 'Ligne VBG', phone: '80 00 11 32', verified: false }],
    });
    expect(report.problems.map(formatProblem)).toEqual([
      'bad.yaml, node sms.tip_1: contact "gbv_lnie" is not in the directory',
    ]);
    // French: the text and the 120-character line with its number make two segments; Bambara stays one.
    expect(report.sms.filter((r) => r.id === 'tip_1').map((r) => [r.locale, r.segments])).toEqual([
      ['fr', 2],
      ['bm', 1],
    ]);
    expect(report.warnings.map(formatProblem)).toContain(
      'bad.yaml, node sms.tip_1, locale fr: 2 SMS segments',
    );
  });

  it('when YAML is broken, then the parse error is reported with the file', () => {
    expect(messages('version: [1')[0]).toMatch(/^bad\.yaml: YAML:/);
  });
});
