import type { CompiledNode } from './compile';
import type { Locale } from '../shared/locale';

/**
 * A node's pages, rendered once per engine context (flow and rendering), node and locale, and again only
 * when what they depend on changes: the values of the placeholders in its text and its contact lines
 * (the `stamp`). Spelling, GSM and paging are most of a hop's work otherwise. One stamp is kept per node
 * and locale, so the memo is bounded by the flow's size (nodes × locales), not by traffic.
 */
const memo = new WeakMap<object, Map<string, { stamp: string; pages: string[] }>>();

export function memoPages(ctx: object, key: string, stamp: string, build: () => string[]): string[] {
  let entries = memo.get(ctx);
  if (!entries) memo.set(ctx, (entries = new Map<string, { stamp: string; pages: string[] }>()));
  const hit = entries.get(key);
  if (hit?.stamp === stamp) return hit.pages;
  const pages = build();
  entries.set(key, { stamp, pages });
  return pages;
}

const PLACEHOLDER = /\{([a-zA-Z][a-zA-Z0-9]*)\}/g;
const namesMemo = new WeakMap<CompiledNode, Partial<Record<Locale, readonly string[]>>>();

/** The placeholders of a node's text (the only text filled with values), found once per node and locale. */
export function placeholdersOf(node: CompiledNode, locale: Locale): readonly string[] {
  let byLocale = namesMemo.get(node);
  if (!byLocale) namesMemo.set(node, (byLocale = {}));
  return (byLocale[locale] ??= [
    ...new Set([...node.text[locale].matchAll(PLACEHOLDER)].map((m) => m[1] as string)),
  ]);
}
