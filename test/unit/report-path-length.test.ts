import { join } from 'node:path';
import { loadContent } from '../../src/adapters/flows/flow-files';
import { transcriptEngineContext } from '../../src/adapters/flows/transcript-context';
import { DANGER_KEY, initialState, render, replay } from '../../src/domain/flow/engine';

const { flow } = loadContent(join(__dirname, '..', '..', 'flows'), { spelling: 'gsm', serviceCode: '*123#' });
const ctx = transcriptEngineContext(flow);

/** The nodes one forward input leads to from `id` (answers and "continue"; not 0, 00, 98, 99 or 9). */
function forward(id: string): string[] {
  const node = flow.nodes[id];
  if (!node) throw new Error(`no node ${id}`);
  const out: string[] = [];
  for (const o of node.options ?? []) {
    if (o.key === DANGER_KEY || o.back) continue;
    const target = o.target ?? (node.type === 'question' ? node.next : undefined);
    if (target) out.push(target);
  }
  if (node.type === 'question' && node.input && node.next) out.push(node.next);
  if (node.type === 'info' && node.next) out.push(node.next);
  return out;
}

/** Inputs on the longest path from `id` to `end`; an edge back into the current path (a loop) is skipped. */
function longest(
  id: string,
  end: string,
  onPath = new Set<string>(),
  memo = new Map<string, number>(),
): number {
  if (id === end) return 0;
  const known = memo.get(id);
  if (known !== undefined) return known;
  onPath.add(id);
  let best = Number.NEGATIVE_INFINITY;
  for (const next of forward(id)) {
    if (!onPath.has(next)) best = Math.max(best, 1 + longest(next, end, onPath, memo));
  }
  onPath.delete(id);
  memo.set(id, best);
  return best;
}

describe('the report form', () => {
  it('when every way through it is counted, then the longest report takes 12 inputs from the main menu', () => {
    expect(flow.nodes.main?.options?.find((o) => o.key === '4')?.target).toBe('report_start');
    const fromMain = 1 + longest('report_start', 'report_done');
    expect(fromMain).toBe(12);
  });

  it('when the longest way is keyed in on a first dial, then the 13th input shows the code', () => {
    // Language, report, for me, threats, TikTok, under 18, girl, undisclosed, Bamako, in danger, a text,
    // SMS or call, 8h-12h.
    const inputs = ['1', '4', '1', '3', '3', '1', '1', '3', '1', '1', 'Il me menace', '3', '1'];
    const start = initialState(flow, 'language', 'fr');
    const before = replay(ctx, start, inputs.slice(0, -1)).state;
    expect(render(ctx, before).kind).toBe('CON');
    const after = render(ctx, replay(ctx, start, inputs).state, { code: '38960455', serviceCode: '*123#' });
    expect(after.node).toBe('report_done');
    expect(after.kind).toBe('END');
  });
});
