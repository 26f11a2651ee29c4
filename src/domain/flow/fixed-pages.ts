import type { CompiledNode } from './compile';
import type { Locale } from '../shared/locale';

/**
 * Pages of screens without placeholders, rendered once per engine context (flow and rendering), node and
 * locale: such a screen is the same on every hop, and spelling, GSM and paging are most of a hop's work.
 * Bounded by the flow's size (nodes × locales), not by traffic.
 */
const memo = new WeakMap<object, Map<string, string[]>>();

export function fixedPages(ctx: object, key: string, build: () => string[]): string[] {
  let pages = memo.get(ctx);
  if (!pages) memo.set(ctx, (pages = new Map<string, string[]>()));
  let hit = pages.get(key);
  if (!hit) pages.set(key, (hit = build()));
  return hit;
}

/** Whether a node's texts take values (`{code}`, a reply…), so its pages differ from hop to hop. */
export function hasPlaceholder(node: CompiledNode, locale: Locale): boolean {
  const texts = [
    node.text[locale],
    node.type === 'info' ? node.nextLabel?.[locale] : undefined,
    node.type === 'question' ? node.input?.skip?.[locale] : undefined,
    ...(node.options ?? []).map((o) => o.label[locale]),
  ];
  return texts.some((text) => text?.includes('{') === true);
}
