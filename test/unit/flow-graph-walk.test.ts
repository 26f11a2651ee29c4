import { join } from 'node:path';
import { loadContent } from '../../src/adapters/flows/flow-files';
import { transcriptEngineContext } from '../../src/adapters/flows/transcript-context';
import {
  currentFrame,
  initialState,
  render,
  step,
  type EngineContext,
  type SessionState,
} from '../../src/domain/flow/engine';
import { fits } from '../../src/domain/flow/pager';
import type { Locale } from '../../src/domain/shared/locale';

const content = loadContent(join(__dirname, '..', '..', 'flows'), { spelling: 'gsm', serviceCode: '*123#' });
const ctx = transcriptEngineContext(content.flow);
const vars = { serviceCode: '*123#', code: '38960455', status: 'En cours', reply: 'Merci. '.repeat(30) };

/** Every state shown, keyed like the screens of `walk`. */
const shownStates = new Map<string, SessionState>();

/** Every screen reachable by pressing keys, every page, from a state: [key of the screen, text]. */
function walk(start: SessionState, c: EngineContext = ctx, states = shownStates): Map<string, string> {
  const ctx = c;
  const seen = new Map<string, string>();
  const todo: SessionState[] = [start];
  while (todo.length > 0) {
    const state = todo.pop()!;
    const screen = render(ctx, state, vars);
    const id = `${state.locale}:${screen.node}:${screen.page}`;
    if (seen.has(id)) continue;
    seen.set(id, `${screen.kind} ${screen.text}`);
    if (screen.kind === 'END' || !screen.node) continue;
    states.set(id, state);
    const node = ctx.flow.nodes[currentFrame(state).node]!;
    const inputs = ['98', ...(node.options ?? []).map((o) => o.key)];
    if (node.type === 'info' && node.next) inputs.push('1');
    if (node.type === 'question' && node.input)
      inputs.push(node.input.kind === 'code' ? vars.code : 'un texte');
    for (const input of inputs) {
      const next = step(ctx, state, input).state;
      if (!next.invalid) todo.push(next);
    }
  }
  return seen;
}

const screens = new Map<string, string>();
/** Nodes only a resolver opens (its END instead of the node reached: see EndInstead). */
const ONLY_FROM_ADAPTERS = ['report_limit', 'report_resume'];
for (const locale of ['fr', 'bm'] as Locale[]) {
  for (const [k, v] of walk(initialState(ctx.flow, 'home', locale))) screens.set(k, v);
  for (const [k, v] of walk(initialState(ctx.flow, 'language', locale))) screens.set(k, v);
}

describe('every screen of flows/main.yaml, walked key by key', () => {
  it('when the whole graph is walked in both locales, then every node is reached', () => {
    const missing = ['fr', 'bm'].flatMap((locale) =>
      Object.keys(ctx.flow.nodes)
        .filter((id) => !ONLY_FROM_ADAPTERS.includes(id))
        .filter((id) => ![...screens.keys()].some((k) => k.startsWith(`${locale}:${id}:`)))
        .map((id) => `${locale}:${id}`),
    );
    expect(missing).toEqual([]);
  });

  it('when every page is rendered for the phone, then it fits the USSD budget', () => {
    const over = [...screens].filter(([, text]) => !fits(text)).map(([k]) => k);
    expect(over).toEqual([]);
  });

  it('when every page is searched, then no unverified contact appears', () => {
    const unverified = content.directory.entries.filter((e) => e.verified === false);
    expect(unverified.length).toBeGreaterThan(0);
    const all = [...screens.values()].join('\n');
    const digits = all.replace(/\D/g, '');
    for (const e of unverified) {
      expect(all).not.toContain(e.name);
      for (const phone of (e.phone ?? '').split(/[/,;]/)) {
        const d = phone.replace(/\D/g, '');
        if (d.length >= 4) expect(digits).not.toContain(d);
      }
    }
  });

  it('when 9 is pressed on any page of any screen that takes input, in both locales, then the danger screen shows first thing', () => {
    expect(shownStates.size).toBeGreaterThan(100);
    const missed: string[] = [];
    for (const [id, state] of shownStates) {
      const after = step(ctx, state, '9').state;
      const screen = render(ctx, after, vars);
      const numbers = ['17', '80 00 11 15', '80 00 11 14', '18'].every((n) => screen.text.includes(n));
      if (screen.node !== 'danger' || screen.page !== 0 || !numbers || after.invalid) missed.push(id);
    }
    expect(missed).toEqual([]);
  });

  it('when the resumed-report notice is shown, then 9 leads to danger and 1 goes back to the question', () => {
    const resumed = {
      ...initialState(ctx.flow, 'home', 'fr'),
      stack: [
        { node: 'main', page: 0 },
        { node: 'report_start', page: 0 },
        { node: 'report_what', page: 0 },
        { node: 'report_resume', page: 0 },
      ],
    };
    expect(render(ctx, step(ctx, resumed, '9').state, vars).node).toBe('danger');
    expect(render(ctx, step(ctx, resumed, '1').state, vars).node).toBe('report_what');
    expect(render(ctx, step(ctx, resumed, '2').state, vars).node).toBe('report_start');
  });

  it('when a screen has room, then it says that 9 is the danger key', () => {
    const hinted = [...screens].filter(
      ([k, text]) => !k.includes(':danger:') && /(^|\n| )9 (Danger|Farati)/.test(text),
    );
    // Every screen but the danger screen itself and a few full pages.
    expect(hinted.length).toBeGreaterThan(screens.size * 0.8);
  });

  it.each(['french', 'official'] as const)(
    'when the graph is walked with the %s Bambara spelling, then 9 on every screen opens the danger screen too',
    (spelling) => {
      const other = transcriptEngineContext(content.flow, spelling);
      const states = new Map<string, SessionState>();
      for (const locale of ['fr', 'bm'] as Locale[]) {
        walk(initialState(other.flow, 'home', locale), other, states);
        walk(initialState(other.flow, 'language', locale), other, states);
      }
      expect(states.size).toBeGreaterThan(100);
      const missed = [...states]
        .filter(([, state]) => {
          const screen = render(other, step(other, state, '9').state, vars);
          // 80 characters a screen (official spelling): the first page holds "call now" and 17 at least.
          const first = spelling === 'official' ? '17' : '80 00 11 15';
          return screen.node !== 'danger' || screen.page !== 0 || !screen.text.includes(first);
        })
        .map(([id]) => id);
      expect(missed).toEqual([]);
    },
  );
});
