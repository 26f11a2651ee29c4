/**
 * A node's screen text, split into pages for the phone: its text, options and navigation rendered for the
 * channel (spelling, GSM), placeholders filled after that rendering, the "9 Danger" hint where it fits.
 */
import type { Locale } from '../shared/locale';
import type { CompiledNode } from './compile';
import type { EngineContext } from './engine';
import { numbersText, textWithNumbers } from './contact-numbers';
import { memoPages, placeholdersOf } from './fixed-pages';
import { DANGER_KEY, SKIP_KEY } from './keys';
import { fits, paginate, type UssdBudget, DEFAULT_BUDGET } from './pager';

const PLACEHOLDER = /\{([a-zA-Z][a-zA-Z0-9]*)\}/g;

/**
 * The template is rendered first (the spelling rules of its locale), then its placeholders are filled with
 * values rendered by `renderValue` only: a counsellor's French reply on a Bambara screen is never read as
 * Bambara ("Merci" must not become "Mertchi").
 */
export function textOf(
  ctx: EngineContext,
  locale: Locale,
  s: { fr: string; bm: string },
  vars: Record<string, string> = {},
): string {
  const renderValue = ctx.renderValue ?? ctx.renderText;
  return ctx.renderText(s[locale], locale).replace(PLACEHOLDER, (m, name: string) => {
    const value = vars[name];
    return value === undefined ? m : renderValue(value, locale);
  });
}

/**
 * All pages of a node as they would go out (without the `CON ` prefix and without the "invalid" notice,
 * for which every page keeps room: see `withNotice`). Pages depend only on the node, the locale, the values
 * of the text's placeholders and the contact lines shown now, so they are rebuilt only when those change.
 */
export function pagesOf(
  ctx: EngineContext,
  locale: Locale,
  node: CompiledNode,
  nodeId: string,
  vars: Record<string, string> = {},
): string[] {
  // A resolver fills one caller's values (a report code, a counsellor's reply): built for that hop only,
  // so no caller's values are kept.
  if (node.resolve) return buildPages(ctx, locale, node, nodeId, vars);
  const names = placeholdersOf(node, locale);
  // Contact lines and the emergency numbers said change when a test call is recorded or a confirmation
  // runs out: part of the stamp.
  const lineOf = ctx.contactLine;
  const contacts = lineOf && node.contacts ? node.contacts.map((id) => lineOf(id, locale)) : [];
  const phoneOf = ctx.contactPhone;
  const numbers = phoneOf && node.numbers ? [numbersText(node.numbers[locale], phoneOf)] : [];
  const stamp =
    names.length === 0 && contacts.length === 0 && numbers.length === 0
      ? ''
      : JSON.stringify([contacts, numbers, names.map((n) => vars[n] ?? null)]);
  return memoPages(ctx, `${locale}:${nodeId}`, stamp, () => buildPages(ctx, locale, node, nodeId, vars));
}

function buildPages(
  ctx: EngineContext,
  locale: Locale,
  node: CompiledNode,
  nodeId: string,
  vars: Record<string, string>,
): string[] {
  const m = ctx.flow.messages;
  const lines = textOf(ctx, locale, screenText(ctx, locale, node), vars).split('\n');
  lines.push(...contactLines(ctx, locale, node));
  if (node.options) for (const o of node.options) lines.push(`${o.key} ${textOf(ctx, locale, o.label)}`);
  if (node.type === 'question' && node.input?.skip)
    lines.push(`${SKIP_KEY} ${textOf(ctx, locale, node.input.skip)}`);
  if (node.type === 'info' && node.next) {
    lines.push(`1 ${textOf(ctx, locale, node.nextLabel ?? m.next)}`);
  }
  const isEnd = node.type === 'end';
  const atRoot = nodeId === ctx.flow.home || nodeId === ctx.flow.language;
  const nav = isEnd || atRoot ? [] : [`0 ${textOf(ctx, locale, m.back)} 00 ${textOf(ctx, locale, m.home)}`];
  const more = `98 ${textOf(ctx, locale, m.more)}`;
  const reserve = isEnd ? [] : [textOf(ctx, locale, m.invalid)];
  const budget = ctx.budget ?? DEFAULT_BUDGET;
  const pages = paginate(lines, { moreFooter: [more, ...nav], lastFooter: nav, reserve }, budget);
  return isEnd ? pages : pages.map((p) => withDangerHint(ctx, locale, node, nodeId, p, reserve, budget));
}

/**
 * The node's text with its emergency numbers said only while their contacts are shown. Rebuilt before the
 * spelling is applied, so the words around the numbers are rendered as the rest of the template.
 */
function screenText(ctx: EngineContext, locale: Locale, node: CompiledNode): { fr: string; bm: string } {
  const phoneOf = ctx.contactPhone;
  if (!phoneOf || !node.numbers) return node.text;
  return { ...node.text, [locale]: textWithNumbers(node.text[locale], node.numbers[locale], phoneOf) };
}

/** One line per contact of the node shown now; names are French, so only value rendering applies. */
function contactLines(ctx: EngineContext, locale: Locale, node: CompiledNode): string[] {
  const lineOf = ctx.contactLine;
  if (!lineOf || !node.contacts) return [];
  const renderValue = ctx.renderValue ?? ctx.renderText;
  return node.contacts.flatMap((id) => {
    const line = lineOf(id, locale);
    return line === null ? [] : [renderValue(line, locale)];
  });
}

/**
 * "9 Danger" on the navigation line (or as a last line at the roots), only where the page still fits with
 * the "invalid" notice: added after paging, so it never moves a page break.
 */
function withDangerHint(
  ctx: EngineContext,
  locale: Locale,
  node: CompiledNode,
  nodeId: string,
  page: string,
  reserve: string[],
  budget: UssdBudget,
): string {
  const label = ctx.flow.messages.danger;
  const danger = ctx.flow.danger;
  if (!label || danger === undefined || nodeId === danger) return page;
  if (node.options?.some((o) => o.key === DANGER_KEY)) return page;
  const hint = `${DANGER_KEY} ${textOf(ctx, locale, label)}`;
  const atRoot = nodeId === ctx.flow.home || nodeId === ctx.flow.language;
  const hinted = atRoot ? `${page}\n${hint}` : `${page} ${hint}`;
  return fits(`CON ${[...reserve, hinted].join('\n')}`, budget) ? hinted : page;
}

/** A page with the short "invalid choice" notice on top (room for it is kept by `pagesOf`). */
export function withNotice(ctx: EngineContext, locale: Locale, page: string): string {
  const [notice] = memoPages(ctx, `${locale}:\u0000invalid`, '', () => [
    textOf(ctx, locale, ctx.flow.messages.invalid),
  ]);
  return `${notice ?? ''}\n${page}`;
}
