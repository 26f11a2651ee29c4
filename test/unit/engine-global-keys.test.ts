import { initialState, render, replay, step, type SessionState } from '../../src/domain/flow/engine';
import { fits } from '../../src/domain/flow/pager';
import { checkFlow } from '../../src/domain/flow/checker';
import { fixtureText, loadFixture, ussdContext } from '../helpers/flow-fixture';

// The mini flow with a danger node named at the top, a "9 Danger" label, a skippable free-text question
// and a notice whose "continue" option goes back to the screen below it.
const text = fixtureText()
  .replace('language: language\n', 'language: language\ndanger: danger\n')
  .replace('  error: {', '  danger: { fr: "Danger", bm: "Farati" }\n  error: {')
  .replace(
    'input: { kind: text, maxLength: 40 }',
    'input: { kind: text, maxLength: 40, skip: { fr: "Passer", bm: "Ayi" } }',
  )
  .replace(
    '  danger:\n    type: info',
    `  notice:
    type: menu
    text: { fr: "Vous aviez commencé:", bm: "I tun y'a daminɛ:" }
    options:
      - label: { fr: "Continuer", bm: "Ka taa a fɛ" }
        back: true
      - label: { fr: "Recommencer", bm: "Segin a kan" }
        target: q_type
  danger:
    type: info`,
  );
const flow = loadFixture('mini.yaml', text);
const plain = ussdContext(loadFixture());
const ctx = ussdContext(flow);
const home = (): SessionState => initialState(flow, 'home', 'fr');
const walk = (inputs: string[], start = home()) => replay(ctx, start, inputs);
const screen = (inputs: string[]) => render(ctx, walk(inputs).state, { code: '1', serviceCode: '*1#' });

describe('the danger key 9 when the flow names a danger node', () => {
  it.each([
    ['an info page', ['1']],
    ['the second page of a paged text', ['1', '98']],
    ['a free-text question', ['2', '1']],
    ['a question without a 9 option', ['2', '1', 'bonjour']],
    ['an SMS menu', ['1', '1']],
  ])('when 9 is pressed on %s, then the danger screen shows', (_what, inputs) => {
    const before = walk(inputs).state;
    expect(before.invalid).toBe(false);
    const r = step(ctx, before, '9');
    expect(render(ctx, r.state).node).toBe('danger');
    expect(r.state.invalid).toBe(false);
    // A 9 typed at a free-text question is not kept as the answer.
    expect(r.state.answers.description).not.toBe('9');
  });

  it('when 0 is pressed on the danger screen, then the caller is back where they were', () => {
    expect(screen(['2', '1', '9', '0']).node).toBe('q_text');
  });

  it('when 9 is pressed on the danger screen itself, then it stays there, on its first page', () => {
    const r = walk(['9', '9']);
    expect(r.state.stack.map((f) => f.node)).toEqual(['main', 'danger']);
  });

  it('when the flow names no danger node, then 9 is only what the screen offers', () => {
    const info = replay(plain, initialState(plain.flow, 'home', 'fr'), ['1', '9']).state;
    expect(info.invalid).toBe(true);
  });

  it('when a page has room, then its navigation line says "9 Danger"; a screen with its own 9 does not repeat it', () => {
    expect(screen(['2', '1']).text).toMatch(/0 Retour 00 Accueil 9 Danger$/);
    expect(screen(['2']).text).not.toContain('9 Danger\n');
    expect(screen(['2']).text).not.toMatch(/Accueil 9 Danger/);
    expect(screen(['9']).text).not.toContain('9 Danger');
  });

  it('when the hint would not fit, then the page is left as it was and still fits with the invalid notice', () => {
    const pages = [screen(['1']), screen(['1', '98'])];
    for (const p of pages) expect(fits(`CON Choix invalide.\n${p.text}`)).toBe(true);
  });
});

describe('a free-text question that can be skipped', () => {
  it('when it is shown, then it offers "1 Passer"', () => {
    expect(screen(['2', '1']).text).toContain('\n1 Passer\n');
  });

  it('when 1 is pressed, then the question is skipped and a text typed on an earlier pass is dropped', () => {
    const r = walk(['2', '1', 'il me suit', '0', '1']);
    expect(render(ctx, r.state).node).toBe('q_contact');
    expect(r.state.answers.description).toBeUndefined();
    expect(r.effects).toEqual([{ name: 'answered', params: { field: 'description' } }]);
  });
});

describe('an option that goes back', () => {
  it('when chosen, then the screen below it shows again with its answers kept; the other option goes on', () => {
    const below = walk(['2', '1']).state;
    const withNotice = { ...below, stack: [...below.stack, { node: 'notice', page: 0 }] };
    const back = step(ctx, withNotice, '1').state;
    expect(render(ctx, back).node).toBe('q_text');
    expect(back.answers).toEqual({ type: 'harassment' });
    expect(render(ctx, step(ctx, withNotice, '2').state).node).toBe('q_type');
  });

  it('when checked, then an option 9 that does not lead to the danger node is a problem', () => {
    const opts = { spelling: 'gsm', serviceCode: '*1#' } as const;
    // The notice is opened by adapters only (as report_resume is), so it is unreachable here.
    const ok = (problems: { message: string; node?: string }[]) =>
      problems.filter((p) => p.node !== 'notice');
    expect(ok(checkFlow(flow, 'ok.yaml', opts).problems)).toEqual([]);
    const bad = text.replace('target: danger\n    next: q_text', 'target: tips\n    next: q_text');
    expect(bad).not.toBe(text);
    const messages = ok(checkFlow(loadFixture('mini.yaml', bad), 'bad.yaml', opts).problems).map(
      (p) => p.message,
    );
    expect(messages).toEqual(['option 9 must lead to the danger node "danger"']);
  });
});
