/**
 * Resuming a report form cut off by a USSD timeout: from the main menu, the inputs the caller had typed
 * are rebuilt from the saved answers and replayed through the engine, so the new session starts on the
 * first question still unanswered, with the earlier answers in `state.answers` and a navigation stack in
 * which `0` walks back through them. Pure: the same answers always give the same state, which keeps every
 * hop of the new session replaying from the same start.
 */
import { currentFrame, NAV, step, type EngineContext, type SessionState } from '../flow/engine';

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
    // A free answer that reads as a navigation key would navigate instead: ask it again.
    return (Object.values(NAV) as string[]).includes(answer.trim()) ? null : answer;
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
    if (next.invalid || next.quickExit) break;
    state = next;
    visited.add(currentFrame(state).node);
  }
  return state;
}
