/**
 * Resuming a report form cut off by a USSD timeout: from the main menu, the inputs the caller had typed
 * are rebuilt from the saved answers and replayed through the engine, so the new session starts on the
 * first question still unanswered, with the earlier answers in `state.answers` and a navigation stack in
 * which `0` walks back through them. On top of it goes the notice the entry names (`resumeNode` in its
 * resolver's params), so nobody picking up the phone lands silently in a question: its "continue" option
 * goes back to the question. Pure: the same answers always give the same state, which keeps every hop of
 * the new session replaying from the same start.
 */
import {
  currentFrame,
  DANGER_KEY,
  NAV,
  SKIP_KEY,
  step,
  type EngineContext,
  type SessionState,
} from '../flow/engine';

/** Far more steps than the form has; a guard against a flow that loops. */
const MAX_STEPS = 64;

/** The option (key) that answers `node` with `answer`, or null when none does. */
function inputFor(
  ctx: EngineContext,
  nodeId: string,
  answers: Readonly<Record<string, string>>,
  visited: Set<string>,
): string | null {
  const node = ctx.flow.nodes[nodeId];
  if (!node) return null;
  if (node.type === 'question') {
    const answer = answers[node.field];
    if (answer === undefined) return null;
    if (node.options) return node.options.find((o) => (o.value ?? o.key) === answer)?.key ?? null;
    // A free answer that reads as a key (navigation, danger, skip) would act as one instead: ask it again.
    const keys: string[] = Object.values(NAV);
    if (ctx.flow.danger !== undefined) keys.push(DANGER_KEY);
    if (node.input?.skip) keys.push(SKIP_KEY);
    return keys.includes(answer.trim()) ? null : answer;
  }
  if (node.type === 'info') return node.next && !visited.has(node.next) ? '1' : null;
  if (node.type === 'menu') {
    // A menu inside the form (start, "write a description?") is passed through the option leading to a
    // question already answered, never back to a node already on the path (e.g. "start again").
    const option = node.options?.find((o) => {
      if (!o.target || visited.has(o.target)) return false;
      const target = ctx.flow.nodes[o.target];
      return target?.type === 'question' && answers[target.field] !== undefined;
    });
    return option?.key ?? null;
  }
  return null;
}

/**
 * `start` is the session's start at the main menu; `entry` the form's first node (reached from the main
 * menu). Answers the path does not pass through are dropped. Returns `start` unchanged when the form
 * cannot be entered.
 */
export function resumeReportState(
  ctx: EngineContext,
  start: SessionState,
  answers: Readonly<Record<string, string>>,
  entry: string,
): SessionState {
  const home = ctx.flow.nodes[currentFrame(start).node];
  const enter = home?.options?.find((o) => o.target === entry);
  if (!enter) return start;
  let state = step(ctx, start, enter.key).state;
  if (state.invalid) return start;
  const visited = new Set([currentFrame(start).node, entry]);
  for (let i = 0; i < MAX_STEPS; i++) {
    const input = inputFor(ctx, currentFrame(state).node, answers, visited);
    if (input === null) break;
    const next = step(ctx, state, input).state;
    // Never into an end screen: the last answer sends the report, and a resume must not send it.
    if (next.invalid || next.quickExit || ctx.flow.nodes[currentFrame(next).node]?.type === 'end') break;
    state = next;
    visited.add(currentFrame(state).node);
  }
  // The entry names its notice in its resolver's params, so the checker sees it as reachable.
  const notice = ctx.flow.nodes[entry]?.resolve?.params.resumeNode;
  if (currentFrame(state).node === entry || notice === undefined || !ctx.flow.nodes[notice]) return state;
  return { ...state, stack: [...state.stack, { node: notice, page: 0 }] };
}
