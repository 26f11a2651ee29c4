/**
 * Splitting Africa's Talking's `text` (every input of the session joined with `*`) into inputs when the
 * exact history is not known. A free-text answer may itself contain `*`: at a free-text question we take
 * the shortest run of pieces after which the rest of the path replays without an invalid input. Exact
 * history kept per session (see the USSD adapter) is preferred; this is the stateless fallback.
 *
 * A split never makes "more" (98) or "quick exit" (99) the input right after a free-text answer: text such as
 * `photo*98*99` stays the caller's words (hardening finding 9). The price is paid only without any history:
 * a caller who really pressed 99 on the next screen sees that screen again, and the next hop, served from
 * this instance's own copy, exits.
 */
import { currentFrame, NAV, step, type EngineContext, type SessionState } from './engine';

const NAVIGATION_AFTER_TEXT: readonly string[] = [NAV.more, NAV.exit];

/** Whether the caller is at a question that takes free text (where `*` may be part of the answer). */
export function isFreeText(ctx: EngineContext, state: SessionState): boolean {
  if (state.quickExit) return false;
  const node = ctx.flow.nodes[currentFrame(state).node];
  return node?.type === 'question' && node.input?.kind === 'text';
}

function replaysCleanly(ctx: EngineContext, state: SessionState, rest: readonly string[]): boolean {
  let s = state;
  for (const input of rest) {
    s = step(ctx, s, input).state;
    if (s.invalid) return false;
  }
  return true;
}

export function segmentText(ctx: EngineContext, start: SessionState, text: string): string[] {
  if (text === '') return [];
  const pieces = text.split('*');
  const inputs: string[] = [];
  let state = start;
  let i = 0;
  while (i < pieces.length) {
    let take = 1;
    if (isFreeText(ctx, state)) {
      take = pieces.length - i;
      for (let k = 1; k < pieces.length - i; k++) {
        if (NAVIGATION_AFTER_TEXT.includes(pieces[i + k] ?? '')) continue;
        const candidate = pieces.slice(i, i + k).join('*');
        const after = step(ctx, state, candidate).state;
        if (!after.invalid && replaysCleanly(ctx, after, pieces.slice(i + k))) {
          take = k;
          break;
        }
      }
    }
    const input = pieces.slice(i, i + take).join('*');
    inputs.push(input);
    state = step(ctx, state, input).state;
    i += take;
  }
  return inputs;
}
