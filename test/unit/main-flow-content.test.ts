import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkFlow } from '../../src/domain/flow/checker';
import { loadDirectory } from '../../src/domain/flow/directory';
import { renderForPhone, smsSegments } from '../../src/domain/flow/gsm';
import { formatProblem, parseFlow } from '../../src/domain/flow/parse';
import { smsContactLines } from '../../src/domain/flow/sms-contacts';
import {
  AFFECTED,
  AGE_GROUPS,
  CONTACT_CHOICES,
  DISABILITY,
  GENDERS,
  PLATFORMS,
  REGIONS,
  REPORT_TYPES,
} from '../../src/domain/reports/report';

const root = join(__dirname, '..', '..', 'flows');
const parsed = parseFlow(readFileSync(join(root, 'main.yaml'), 'utf8'), 'main.yaml');
if (!parsed.ok) throw new Error(parsed.problems.map(formatProblem).join('\n'));
const flow = parsed.flow;
const directory = loadDirectory(readFileSync(join(root, 'directory.yaml'), 'utf8'));

const REPORT_QUESTIONS: [string, string, readonly string[]][] = [
  ['report_what', 'type', REPORT_TYPES],
  ['report_where', 'platform', PLATFORMS],
  ['report_start', 'affected', AFFECTED],
  ['report_age', 'ageGroup', AGE_GROUPS],
  ['report_gender', 'gender', GENDERS],
  ['report_disability', 'disability', DISABILITY],
  ['report_region', 'region', REGIONS],
  ['report_danger', 'immediateDanger', ['yes', 'no']],
  ['report_contact', 'contact', CONTACT_CHOICES],
  ['report_hours', 'safeHours', ['8-12', '12-16', '16-20', '8-20']],
];

const allTexts = (): string[] => {
  const out: string[] = [];
  for (const node of Object.values(flow.nodes)) {
    out.push(node.text.fr, node.text.bm);
    for (const o of node.options ?? []) out.push(o.label.fr, o.label.bm);
  }
  for (const tpl of Object.values(flow.sms)) out.push(tpl.text.fr, tpl.text.bm);
  return out;
};

describe('flows/main.yaml', () => {
  it.each(['gsm', 'french'] as const)(
    'when checked with the %s Bambara spelling, then there is no problem and no warning',
    (spelling) => {
      const report = checkFlow(flow, 'main.yaml', {
        spelling,
        serviceCode: '*123#',
        directory: directory.entries,
      });
      expect(report.problems.map(formatProblem)).toEqual([]);
      expect(report.warnings.map(formatProblem)).toEqual([]);
    },
  );

  it.each(REPORT_QUESTIONS)(
    'when the report question %s is answered, then its values are those of the domain field %s',
    (id, field, values) => {
      const node = flow.nodes[id];
      expect(node?.type).toBe('question');
      if (node?.type !== 'question') return;
      expect(node.field).toBe(field);
      const answers = (node.options ?? []).filter((o) => o.key !== '9').map((o) => o.value);
      expect(answers).toEqual([...values]);
    },
  );

  it('when any screen has an option 9, then it leads to the danger screen, which the flow names', () => {
    expect(flow.danger).toBe('danger');
    for (const [id, node] of Object.entries(flow.nodes)) {
      for (const o of node.options ?? []) if (o.key === '9') expect([id, o.target]).toEqual([id, 'danger']);
    }
    expect(flow.nodes.main?.options?.find((o) => o.key === '9')?.target).toBe('danger');
  });

  it('when the danger screen is shown, then "call now" and the four confirmed emergency numbers come first', () => {
    for (const locale of ['fr', 'bm'] as const) {
      const lines = flow.nodes.danger!.text[locale].split('\n');
      expect(lines[0]).toMatch(locale === 'fr' ? /^Appelez vite:/ : /^A wele joona:/);
      for (const n of ['17', '80 00 11 15', '80 00 11 14', '18'])
        expect(lines.slice(0, 4).join(' ')).toContain(n);
    }
  });

  it("when the main menu and the report form's first screen are shown, then they name 99 (quick exit)", () => {
    for (const locale of ['fr', 'bm'] as const) {
      expect(flow.nodes.main!.text[locale]).toContain('99');
      expect(flow.nodes.report_start!.text[locale]).toContain('99');
    }
  });

  it('when the report form starts, then it says that it is not a police complaint and where to file one', () => {
    const fr = flow.nodes.report_start!.text.fr;
    expect(fr).toContain("Ce n'est pas une plainte");
    expect(fr).toMatch(/police ou gendarmerie/);
    expect(flow.nodes.report_start!.text.bm).toMatch(/A tɛ sendon ye: sendon, polisi walima zandarameri/);
  });

  it('when the report is submitted or followed, then the resolvers and placeholders are in place', () => {
    const done = flow.nodes.report_done!;
    expect(done.type).toBe('end');
    expect(done.resolve).toEqual({ name: 'submitReport', params: {} });
    const follow = flow.nodes.follow_result!;
    expect(follow.resolve).toEqual({ name: 'lookupReport', params: { codeField: 'code' } });
    for (const locale of ['fr', 'bm'] as const) {
      expect(done.text[locale]).toMatch(/\{code\}[\s\S]*\{serviceCode\}/);
      expect(follow.text[locale]).toMatch(/\{status\}[\s\S]*\{reply\}/);
    }
    const code = flow.nodes.follow_code!;
    expect(code.type === 'question' && code.input).toEqual({
      kind: 'code',
      maxLength: 12,
      validator: 'reportCode',
    });
  });

  it('when an option sends an SMS, then its template exists', () => {
    const used = Object.values(flow.nodes).flatMap((n) =>
      (n.options ?? []).filter((o) => o.action?.name === 'sendSms').map((o) => o.action?.params.template),
    );
    expect(used.length).toBeGreaterThan(10);
    for (const id of used) expect(Object.keys(flow.sms)).toContain(id);
  });

  it('when the SMS templates are listed, then every required one exists', () => {
    const required = [
      'receipt',
      ...[1, 2, 3, 4, 5, 6].map((n) => `tip_${n}`),
      ...REGIONS.map((r) => `contacts_${r}`),
      'reply_notice',
      'help',
      'stop_confirm',
      'start_confirm',
      'subscribed',
      'unknown_code',
      'code_status',
    ];
    expect(Object.keys(flow.sms)).toEqual(expect.arrayContaining(required));
    expect(flow.sms.receipt?.text.fr).toContain('{code}');
    expect(flow.sms.code_status?.text.bm).toContain('{status}');
  });

  it('when an SMS template is rendered GSM-safe with every contact it lists shown, then it is one GSM-7 segment', () => {
    const phoneOf = new Map(directory.entries.map((e) => [e.id, e.phone]));
    const everyContact = (id: string) => ({ phone: phoneOf.get(id) });
    for (const [id, tpl] of Object.entries(flow.sms)) {
      for (const locale of ['fr', 'bm'] as const) {
        const lines = smsContactLines(tpl, locale, everyContact);
        expect(lines).toHaveLength(tpl.contacts?.length ?? 0);
        const full = [tpl.text[locale].replace('{serviceCode}', '*123#'), ...lines].join('\n');
        const text = renderForPhone(full, {
          locale,
          spelling: 'gsm',
          gsmSafe: true,
        });
        expect([id, locale, smsSegments(text)]).toEqual([
          id,
          locale,
          expect.objectContaining({ encoding: 'gsm7', segments: 1 }),
        ]);
      }
    }
  });

  it('when an SMS template is read over a shoulder, then no word says what it is about', () => {
    const revealing =
      /signal|police|polisi|gendarm|zandar|laseli|harc[eè]lement|violen|t[ɔo]+r[ɔo]li|plainte|sendon|chantage|menace|bagabaga|danger|farati/i;
    for (const [id, tpl] of Object.entries(flow.sms)) {
      const labels = (tpl.contacts ?? []).flatMap((c) => [c.label.fr, c.label.bm]);
      for (const text of [tpl.text.fr, tpl.text.bm, ...labels])
        expect([id, text]).not.toEqual([id, expect.stringMatching(revealing)]);
    }
  });

  it("when a region's contacts SMS is sent, then it lists the same directory contacts as the region's screen", () => {
    for (const region of REGIONS) {
      const listed = flow.sms[`contacts_${region}`]?.contacts?.map((c) => c.id);
      expect([region, listed]).toEqual([region, flow.nodes[`help_${region}`]?.contacts]);
      expect(listed?.length).toBeGreaterThan(0);
    }
  });

  it('when any text is written, then it holds no penalty, article number or the sensitive case', () => {
    for (const t of allTexts()) {
      expect(t).not.toMatch(/\bart(icle)?\.?\s*\d|FCFA|prison|amende|Ciss[eé]|80 00 11 32|80333/i);
    }
  });

  it('when a node or SMS has Bambara text, then it carries a review block', () => {
    for (const [id, node] of Object.entries(flow.nodes))
      expect([id, node.review]).toEqual([id, expect.anything()]);
    for (const [id, tpl] of Object.entries(flow.sms))
      expect([id, tpl.review]).toEqual([id, expect.anything()]);
  });
});
