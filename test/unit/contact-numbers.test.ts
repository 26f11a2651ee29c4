import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { loadContent } from '../../src/adapters/flows/flow-files';
import { checkFlow } from '../../src/domain/flow/checker';
import {
  numbersPhraseSchema,
  numbersText,
  reviewedNumbersText,
  textWithNumbers,
} from '../../src/domain/flow/contact-numbers';
import { loadDirectory } from '../../src/domain/flow/directory';
import { formatProblem } from '../../src/domain/flow/parse';

const phrase = numbersPhraseSchema.parse({
  lead: 'Appelez vite:\n',
  sep: '\n',
  tail: '\n',
  groups: [
    {
      label: 'Police: ',
      or: ' ou ',
      items: [
        { contact: 'p17', says: '17' },
        { contact: 'pvert', says: '80 00 11 15', after: ' (gratuit)' },
      ],
    },
    { label: 'Pompiers: ', items: [{ contact: 'p18', says: '18' }] },
  ],
});
const text =
  "Appelez vite:\nPolice: 17 ou 80 00 11 15 (gratuit)\nPompiers: 18\nAllez près d'une personne de confiance.";
const only =
  (...ids: string[]) =>
  (id: string): string | null =>
    ids.includes(id) ? ({ p17: '17', pvert: '80 00 11 15', p18: '18' }[id] ?? null) : null;

describe('numbers said on screens (issue 14 D)', () => {
  it('when every number is shown, then the text is the reviewed one, word for word', () => {
    expect(text.includes(reviewedNumbersText(phrase))).toBe(true);
    expect(textWithNumbers(text, phrase, only('p17', 'pvert', 'p18'))).toBe(text);
  });

  it('when one number of a group is hidden, then it goes with its "or", the group stays', () => {
    expect(textWithNumbers(text, phrase, only('pvert', 'p18'))).toBe(
      "Appelez vite:\nPolice: 80 00 11 15 (gratuit)\nPompiers: 18\nAllez près d'une personne de confiance.",
    );
    expect(textWithNumbers(text, phrase, only('p17', 'p18'))).toBe(
      "Appelez vite:\nPolice: 17\nPompiers: 18\nAllez près d'une personne de confiance.",
    );
  });

  it('when a whole group is hidden, then its label goes too; when all are, the lead and tail go', () => {
    expect(textWithNumbers(text, phrase, only('p18'))).toBe(
      "Appelez vite:\nPompiers: 18\nAllez près d'une personne de confiance.",
    );
    expect(textWithNumbers(text, phrase, only())).toBe("Allez près d'une personne de confiance.");
  });

  it('when a shown contact has another number in the directory now, then that number is said', () => {
    expect(numbersText(phrase, (id) => (id === 'p18' ? '112' : null))).toBe('Appelez vite:\nPompiers: 112\n');
  });
});

describe('flows:check on numbers', () => {
  const root = join(__dirname, '..', '..', 'flows');
  const content = loadContent(root, { spelling: 'gsm', serviceCode: '*123#' });
  const directory = loadDirectory(readFileSync(join(root, 'directory.yaml'), 'utf8')).entries;
  const check = (edit: (f: typeof content.flow) => void): string[] => {
    const flow = structuredClone(content.flow);
    edit(flow);
    return checkFlow(flow, 'main.yaml', { spelling: 'gsm', serviceCode: '*123#', directory }).problems.map(
      formatProblem,
    );
  };

  it('when flows/main.yaml is checked, then every number from sources is said through `numbers`', () => {
    expect(check(() => undefined)).toEqual([]);
    const saying = Object.entries(content.flow.nodes).filter(([, n]) => n.numbers !== undefined);
    expect(saying.map(([id]) => id).sort()).toEqual(['danger', 'report_danger_now', 'report_limit']);
  });

  it('when a screen says a toll-free number outside `numbers`, then it is a problem', () => {
    const problems = check((f) => {
      const tips = f.nodes.tips;
      if (tips) tips.text = { ...tips.text, fr: `${tips.text.fr} Gendarmerie: 80 00 11 14.` };
    });
    expect(problems).toEqual([
      'main.yaml, node tips, locale fr: the text says the number of "gendarmerie_toll_free" outside `numbers`: a failed test call could not hide it',
    ]);
  });

  it('when `numbers` no longer matches the text or the directory, then each is a problem', () => {
    const problems = check((f) => {
      const danger = f.nodes.danger;
      const item = danger?.numbers?.fr.groups[2]?.items[0];
      if (item) item.says = '19';
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/node danger, locale fr: numbers: ".*Pompiers: 19\\n" is not in the text/),
        'main.yaml, node danger, locale fr: numbers: "19" is not the directory\'s number of "sapeurs_pompiers_18"',
      ]),
    );
  });
});
