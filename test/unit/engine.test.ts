import { initialState, render, replay, step, type SessionState } from '../../src/domain/flow/engine';
import { fits } from '../../src/domain/flow/pager';
import { loadFixture, ussdContext } from '../helpers/flow-fixture';

const flow = loadFixture();
const ctx = ussdContext(flow);
const home = (): SessionState => initialState(flow, 'home', 'fr');
const walk = (inputs: string[], start = home()) => replay(ctx, start, inputs);
const screen = (inputs: string[], start = home()) =>
  render(ctx, walk(inputs, start).state, { code: 'ABC', serviceCode: '*1#' });

describe('flow engine', () => {
  it('when a first-time caller dials, then the language menu is shown', () => {
    const s = render(ctx, initialState(flow, 'language', 'fr'));
    expect(s.kind).toBe('CON');
    expect(s.text).toContain('1 Français'.replace('ç', 'c'));
  });

  it('when the caller picks Bambara, then the state switches locale and emits setLanguage', () => {
    const r = walk(['2'], initialState(flow, 'language', 'fr'));
    expect(r.state.locale).toBe('bm');
    expect(r.effects).toEqual([{ name: 'setLanguage', params: { locale: 'bm' } }]);
    expect(render(ctx, r.state).text).toContain('Laadilikanw');
  });

  it('when a valid option is chosen, then the target is shown with the nav footer', () => {
    const s = screen(['2']);
    expect(s.node).toBe('q_type');
    expect(s.text).toContain('0 Retour 00 Accueil');
  });

  it('when an invalid key is pressed, then the same screen comes back with a short error', () => {
    const s = screen(['2', '7']);
    expect(s.node).toBe('q_type');
    expect(s.text.startsWith('Choix invalide.')).toBe(true);
  });

  it('when 0 is pressed, then the previous screen is shown; on the main menu it re-prompts', () => {
    expect(screen(['2', '0']).node).toBe('main');
    expect(screen(['0']).text.startsWith('Choix invalide.')).toBe(true);
  });

  it('when 0 goes back a question, then the earlier answers are kept', () => {
    const r = walk(['2', '1', 'hello', '0']);
    expect(render(ctx, r.state).node).toBe('q_text');
    expect(r.state.answers).toMatchObject({ type: 'harassment', description: 'hello' });
  });

  it('when 00 is pressed anywhere, then the main menu is shown and 0 from it does not go back', () => {
    expect(screen(['2', '1', '00']).node).toBe('main');
    expect(screen(['2', '1', '00', '0']).text.startsWith('Choix invalide.')).toBe(true);
  });

  it('when 99 is pressed, then the session ends at once with the neutral text', () => {
    const s = screen(['2', '99']);
    expect(s).toMatchObject({ kind: 'END', text: 'Merci. Au revoir.', node: null });
  });

  it('when a text is longer than a screen, then it is paged with 98 and every page fits', () => {
    const first = screen(['1']);
    expect(first.pageCount).toBeGreaterThan(1);
    expect(first.text).toContain('98 Suite');
    for (let p = 0; p < first.pageCount; p++) {
      const s = screen(['1', ...Array<string>(p).fill('98')]);
      expect(s.page).toBe(p);
      expect(fits(`CON ${s.text}`)).toBe(true);
    }
    const last = screen(['1', ...Array<string>(first.pageCount - 1).fill('98')]);
    expect(last.text).not.toContain('98 Suite');
    expect(last.text).toContain('1 Continuer');
  });

  it('when 98 is pressed on the last page, then it re-prompts; 0 goes back a page', () => {
    const pages = screen(['1']).pageCount;
    const more = Array<string>(pages - 1).fill('98');
    expect(screen(['1', ...more, '98']).text.startsWith('Choix invalide.')).toBe(true);
    expect(screen(['1', '98', '0']).page).toBe(0);
  });

  it('when an option carries an action, then only the last input emits it', () => {
    const pages = screen(['1']).pageCount;
    const path = ['1', ...Array<string>(pages - 1).fill('98'), '1', '1'];
    expect(walk(path).effects).toEqual([{ name: 'sendSms', params: { template: 'tip_1' } }]);
    expect(walk([...path, '5']).effects).toEqual([]);
  });

  it('when a free-text answer contains * or control characters, then it is kept cleaned and capped', () => {
    const r = step(ctx, walk(['2', '1']).state, 'he said*2 times\u0007 ' + 'x'.repeat(60));
    expect(r.state.answers.description).toBe(('he said*2 times ' + 'x'.repeat(60)).slice(0, 40));
    expect(r.effects).toEqual([{ name: 'answered', params: { field: 'description' } }]);
  });

  it('when a validator refuses free input, then the question re-prompts', () => {
    const strict = ussdContext(flow, {});
    const node = flow.nodes.q_text;
    if (node?.type !== 'question' || !node.input) throw new Error('fixture changed');
    const withValidator = {
      ...strict,
      flow: {
        ...flow,
        nodes: { ...flow.nodes, q_text: { ...node, input: { ...node.input, validator: 'digits' } } },
      },
      validators: { digits: (s: string) => /^\d+$/.test(s) },
    };
    expect(replay(withValidator, home(), ['2', '1', 'abc']).state.invalid).toBe(true);
    expect(replay(withValidator, home(), ['2', '1', '123']).state.invalid).toBe(false);
  });

  it('when a node names a validator that is not supplied, then the input is refused with an error, not accepted', () => {
    const node = flow.nodes.q_text;
    if (node?.type !== 'question' || !node.input) throw new Error('fixture changed');
    const missing = {
      ...ussdContext(flow, {}),
      flow: {
        ...flow,
        nodes: { ...flow.nodes, q_text: { ...node, input: { ...node.input, validator: 'digits' } } },
      },
    };
    expect(() => replay(missing, home(), ['2', '1', '123'])).toThrow('no validator "digits" for node q_text');
  });

  it('when the end node is reached, then the answer is END with placeholders filled', () => {
    const s = screen(['2', '1', 'hello', '2']);
    expect(s.kind).toBe('END');
    expect(s.text).toBe('Votre code: ABC. Composez *1#.');
  });

  it('when the danger key 9 is pressed on the main menu or a report question, then the emergency numbers show', () => {
    expect(screen(['9']).text).toContain('80 00 11 15');
    expect(screen(['2', '9']).text).toContain('80 00 11 14');
  });

  it('when the danger key is pressed on a question, then it is a way out, not an answer', () => {
    const r = walk(['2', '9']);
    expect(r.state.answers).toEqual({});
    expect(r.effects).toEqual([]);
  });

  it('when 98 goes past the last page of a resolver-filled screen, then the last page comes back as invalid', () => {
    const tips = flow.nodes.tips!;
    const withResolve = {
      ...ctx,
      flow: { ...flow, nodes: { ...flow.nodes, tips: { ...tips, resolve: { name: 'x', params: {} } } } },
    };
    const pages = render(withResolve, replay(withResolve, home(), ['1']).state).pageCount;
    const beyond = render(
      withResolve,
      replay(withResolve, home(), ['1', ...Array<string>(pages).fill('98')]).state,
    );
    expect(beyond.page).toBe(pages - 1);
    expect(beyond.text.startsWith('Choix invalide.')).toBe(true);
  });

  it('when the session has ended, then further input changes nothing', () => {
    const r = walk(['99', '1']);
    expect(r.state.quickExit).toBe(true);
  });
});
