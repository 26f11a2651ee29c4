import { checkFlow } from '../../src/domain/flow/checker';
import { formatProblem, parseFlow } from '../../src/domain/flow/parse';

const flowWith = (limitParams: string, extraNodes: string): string[] => {
  const text = `
version: 1
id: t
home: main
language: language
messages:
  invalid: { fr: "Non.", bm: "Ayi." }
  more: { fr: "Suite", bm: "Wɛrɛ" }
  back: { fr: "Retour", bm: "Segin" }
  home: { fr: "Accueil", bm: "Ɲɛ fɔlɔ" }
  quickExit: { fr: "Au revoir.", bm: "I ni ce." }
  next: { fr: "Continuer", bm: "Ka taa a fɛ" }
  error: { fr: "Erreur.", bm: "Fili." }
nodes:
  language:
    type: menu
    text: { fr: "Langue", bm: "Kan" }
    options:
      - { label: { fr: "Français", bm: "Français" }, target: main }
  main:
    type: menu
    text: { fr: "Menu", bm: "Menu" }
    options:
      - { label: { fr: "Signaler", bm: "Lase" }, target: form }
  form:
    type: menu
    resolve: { name: checkReportLimit, params: ${limitParams} }
    text: { fr: "Formulaire", bm: "Laseli" }
    options:
      - { label: { fr: "Commencer", bm: "Ka taa a fɛ" }, target: main }
${extraNodes}
`;
  const parsed = parseFlow(text, 't.yaml');
  if (!parsed.ok) return parsed.problems.map(formatProblem);
  return checkFlow(parsed.flow, 't.yaml', { spelling: 'gsm', serviceCode: '*123#' }).problems.map(
    formatProblem,
  );
};

const LIMIT_NODE = `  limit:
    type: end
    text: { fr: "Limite.", bm: "Dan." }`;

describe('flow checker: nodes a resolver may end on', () => {
  it('when a resolver names an END node in a `…Node` param, then that node counts as reachable', () => {
    expect(flowWith('{ limitNode: limit }', LIMIT_NODE)).toEqual([]);
  });

  it('when no resolver names it, then the node is unreachable', () => {
    expect(flowWith('{}', LIMIT_NODE)).toContain('t.yaml, node limit: unreachable node');
  });

  it('when the named node does not exist, then it is a dangling target', () => {
    expect(flowWith('{ limitNode: nowhere }', '')).toContain('t.yaml, node form: dangling target "nowhere"');
  });

  it('when a param does not end in Node, then it is not read as a node', () => {
    expect(flowWith('{ codeField: code }', '')).toEqual([]);
  });
});
