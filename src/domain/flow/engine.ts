/**
 * The USSD flow engine: a pure reducer `step(state, input)` and `render(state)`. Gateways that send the
 * whole input history (Africa's Talking) replay every input from the start on each request, so
 * navigation needs no session store.
 */
import type { Locale } from '../shared/locale';
import type { CompiledFlow, CompiledNode, KeyedOption } from './compile';
import type { FlowAction } from './schema';
import type { UssdBudget } from './pager';
import { pagesOf, textOf as t, withNotice } from './screen-pages';

import { NAV, DANGER_KEY, SKIP_KEY } from './keys';

export { NAV, DANGER_KEY, SKIP_KEY, pagesOf, withNotice };

export interface Frame {
  node: string;
  page: number;
}

export interface SessionState {
  locale: Locale;
  stack: Frame[];
  answers: Record<string, string>;
  /** Set when the last input was not understood: the same screen is shown with a short error. */
  invalid: boolean;
  /** Set by `99`: the session ends at once with a neutral text. */
  quickExit: boolean;
}

/** Something the engine asks the adapters to do: the named action of an option, or an answered question. */
export interface Effect {
  name: string;
  params: Record<string, string>;
}

export interface Screen {
  kind: 'CON' | 'END';
  text: string;
  /** Node shown; null after a quick exit. */
  node: string | null;
  page: number;
  pageCount: number;
}

export interface EngineContext {
  flow: CompiledFlow;
  /** Channel rendering (GSM-safe spelling for USSD); identity for the console. */
  renderText: (text: string, locale: Locale) => string;
  /**
   * Rendering for values filled into `{placeholders}` (a counsellor's reply, a status), applied after the
   * template's own rendering. Defaults to `renderText`; the French-style Bambara spelling must not rewrite
   * French text, so the runtime passes one (see `phoneRendering`).
   */
  renderValue?: (value: string, locale: Locale) => string;
  /** Named validators for free input (e.g. `reportCode`). A node naming a missing one throws. */
  validators?: Record<string, (input: string) => boolean>;
  budget?: UssdBudget;
  /**
   * The line a node's `contacts` entry adds (label and number), or null while the contact is not shown on
   * phones. Without it no contact line is added: only the phone layer knows the recorded test calls.
   */
  contactLine?: (id: string, locale: Locale) => string | null;
  /**
   * The number a contact named in a node's `numbers` is said with now, or null while it is hidden. Without
   * it the text is shown as reviewed (the checker and golden transcripts measure it so).
   */
  contactPhone?: (id: string) => string | null;
}

export type StartMode = 'language' | 'home';

export function initialState(flow: CompiledFlow, mode: StartMode, locale: Locale): SessionState {
  return {
    locale,
    stack: [{ node: mode === 'language' ? flow.language : flow.home, page: 0 }],
    answers: {},
    invalid: false,
    quickExit: false,
  };
}

export function currentFrame(state: SessionState): Frame {
  const top = state.stack[state.stack.length - 1];
  if (!top) throw new Error('empty navigation stack');
  return top;
}

function nodeOf(ctx: EngineContext, id: string): CompiledNode {
  const n = ctx.flow.nodes[id];
  if (!n) throw new Error(`unknown flow node: ${id}`);
  return n;
}

/** Strips control characters and caps the length of a free-text answer. */
export function cleanFreeText(input: string, maxLength: number): string {
  // eslint-disable-next-line no-control-regex
  const noControls = input.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
  return noControls.replace(/\s+/g, ' ').trim().slice(0, maxLength);
}

function push(ctx: EngineContext, state: SessionState, target: string): SessionState {
  // Reaching the main menu resets the history, so `0` from it never leads back into a finished branch.
  const stack = target === ctx.flow.home ? [] : state.stack;
  return { ...state, stack: [...stack, { node: target, page: 0 }], invalid: false };
}

function withPage(state: SessionState, page: number): SessionState {
  const top = currentFrame(state);
  return { ...state, stack: [...state.stack.slice(0, -1), { ...top, page }], invalid: false };
}

const invalid = (state: SessionState): SessionState => ({ ...state, invalid: true });
const popped = (state: SessionState): SessionState => ({
  ...state,
  stack: state.stack.slice(0, -1),
  invalid: false,
});

export interface StepResult {
  state: SessionState;
  effects: Effect[];
}

function actionEffect(a: FlowAction | undefined): Effect[] {
  return a ? [{ name: a.name, params: { ...a.params } }] : [];
}

/** On a question, an option with its own target and no value is a way out (the danger key), not an answer. */
const isAnswer = (node: CompiledNode, option: KeyedOption): boolean =>
  node.type === 'question' && (option.value !== undefined || option.target === undefined);

function chooseOption(
  ctx: EngineContext,
  state: SessionState,
  node: CompiledNode,
  option: KeyedOption,
): StepResult {
  let next = state;
  if (node.type === 'question' && isAnswer(node, option)) {
    next = { ...next, answers: { ...next.answers, [node.field]: option.value ?? option.key } };
  }
  if (option.action?.name === 'setLanguage') {
    const locale = option.action.params.locale;
    if (locale === 'fr' || locale === 'bm') next = { ...next, locale };
  }
  const target = option.target ?? (node.type === 'question' ? node.next : undefined);
  next = target ? push(ctx, next, target) : { ...next, invalid: false };
  const effects = actionEffect(option.action);
  if (node.type === 'question' && isAnswer(node, option)) {
    effects.push({ name: 'answered', params: { field: node.field } });
  }
  return { state: next, effects };
}

/** One input. Effects are what the input asked for; callers keep only the last input's effects. */
export function step(ctx: EngineContext, state: SessionState, input: string): StepResult {
  if (state.quickExit) return { state, effects: [] };
  const frame = currentFrame(state);
  const node = nodeOf(ctx, frame.node);
  const none = (s: SessionState): StepResult => ({ state: s, effects: [] });

  const trimmed = input.trim();
  // Adapters may drop what they keep about the session (e.g. a report draft) when the caller flees.
  if (input === NAV.exit)
    return { state: { ...state, quickExit: true }, effects: [{ name: 'quickExit', params: {} }] };
  // A caller in danger must never need `00` first: 9 works on every page, question and free input,
  // including the first pages of a long END (they still take input).
  const danger = ctx.flow.danger;
  if (danger !== undefined && trimmed === DANGER_KEY) {
    return none(frame.node === danger ? withPage(state, 0) : push(ctx, state, danger));
  }
  // An END screen takes no input; only its own paging (when a long END is split) moves on.
  if (node.type === 'end' && input !== NAV.more) return none(state);
  if (input === NAV.home) return none(push(ctx, state, ctx.flow.home));
  if (input === NAV.back) {
    if (frame.page > 0) return none(withPage(state, frame.page - 1));
    if (state.stack.length > 1) return none(popped(state));
    return none(invalid(state));
  }
  if (input === NAV.more) {
    // Pages of a screen filled by a resolver are known only at render time: advance and let render clamp.
    const pages = node.resolve ? Number.POSITIVE_INFINITY : pageCount(ctx, state, node, frame.node);
    return none(frame.page + 1 < pages ? withPage(state, frame.page + 1) : invalid(state));
  }

  if (node.options) {
    const option = node.options.find((o) => o.key === trimmed);
    if (option?.back) return none(state.stack.length > 1 ? popped(state) : invalid(state));
    return option ? chooseOption(ctx, state, node, option) : none(invalid(state));
  }
  if (node.type === 'question' && node.input?.skip && trimmed === SKIP_KEY) {
    // Skipping drops an answer typed on an earlier pass: it must not be sent after "skip".
    const { [node.field]: _dropped, ...answers } = state.answers;
    void _dropped;
    let next: SessionState = { ...state, answers };
    next = node.next ? push(ctx, next, node.next) : { ...next, invalid: false };
    return { state: next, effects: [{ name: 'answered', params: { field: node.field } }] };
  }
  if (node.type === 'question' && node.input) {
    const answer = cleanFreeText(input, node.input.maxLength);
    const name = node.input.validator;
    const validator = name === undefined ? undefined : ctx.validators?.[name];
    // Checked at boot (flow-names.ts); a missing one here must not quietly accept any input.
    if (name !== undefined && !validator) throw new Error(`no validator "${name}" for node ${frame.node}`);
    if (answer === '' || (validator && !validator(answer))) return none(invalid(state));
    let next: SessionState = { ...state, answers: { ...state.answers, [node.field]: answer } };
    next = node.next ? push(ctx, next, node.next) : { ...next, invalid: false };
    return { state: next, effects: [{ name: 'answered', params: { field: node.field } }] };
  }
  if (node.type === 'info' && node.next && trimmed === '1') return none(push(ctx, state, node.next));
  return none(invalid(state));
}

/** Replays inputs from `start`; returns the final state and the effects of the last input only. */
export function replay(ctx: EngineContext, start: SessionState, inputs: readonly string[]): StepResult {
  let result: StepResult = { state: start, effects: [] };
  for (const input of inputs) result = step(ctx, result.state, input);
  return result;
}

function pageCount(ctx: EngineContext, state: SessionState, node: CompiledNode, nodeId: string): number {
  return pagesOf(ctx, state.locale, node, nodeId).length;
}

/** The node the state shows, and the resolver it needs before it can be rendered (if any). */
export function pendingResolve(ctx: EngineContext, state: SessionState): FlowAction | null {
  if (state.quickExit) return null;
  return nodeOf(ctx, currentFrame(state).node).resolve ?? null;
}

export function render(ctx: EngineContext, state: SessionState, vars: Record<string, string> = {}): Screen {
  if (state.quickExit) {
    return {
      kind: 'END',
      text: t(ctx, state.locale, ctx.flow.messages.quickExit),
      node: null,
      page: 0,
      pageCount: 1,
    };
  }
  const frame = currentFrame(state);
  const node = nodeOf(ctx, frame.node);
  const pages = pagesOf(ctx, state.locale, node, frame.node, vars);
  const page = Math.min(frame.page, pages.length - 1);
  const isLast = page === pages.length - 1;
  const kind = node.type === 'end' && isLast ? 'END' : 'CON';
  const text = pages[page] ?? '';
  return {
    kind,
    // 98 past the last page of a resolver-filled screen is only found out here: answer it as invalid too.
    text: (state.invalid || frame.page > page) && kind === 'CON' ? withNotice(ctx, state.locale, text) : text,
    node: frame.node,
    page,
    pageCount: pages.length,
  };
}

/** The short apology for an internal error, always an END. */
export function errorScreen(ctx: EngineContext, locale: Locale): Screen {
  return { kind: 'END', text: t(ctx, locale, ctx.flow.messages.error), node: null, page: 0, pageCount: 1 };
}
