/**
 * The voice prompt catalogue (flows/voice/prompts.yaml): which recorded prompts the voice channel needs,
 * per node and locale, and the script a speaker reads for each. Pure: files and URLs are the adapters'.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { CompiledFlow, CompiledNode } from '../flow/compile';
import { reviewedNumbersText, type NumbersPhrase } from '../flow/contact-numbers';
import { LOCALES, type Locale } from '../shared/locale';

/** A script per locale; null where nobody has written it yet (never filled in by guess). */
const script = z.object({ fr: z.string().min(1).nullable(), bm: z.string().min(1).nullable() }).strict();
export type PromptScript = z.infer<typeof script>;

const SHARED_IDS = [
  ...Array.from({ length: 10 }, (_, d) => `_digit_${d}`),
  '_star',
  '_hash',
  '_invalid',
  '_no_input',
  '_goodbye',
  '_error',
  '_record_hint',
  '_transfer_offer',
  '_transfer_connecting',
  '_transfer_closed',
  '_reply_by_sms',
  '_reply_sent',
] as const;
export type SharedPromptId = (typeof SHARED_IDS)[number];

export const promptCatalogueSchema = z
  .object({
    version: z.literal(1),
    keyPhrase: script,
    language: z
      .object({
        acceptFrenchKey: z.string().regex(/^[1-9]$/),
        bambaraKey: z.string().regex(/^[1-9]$/),
        acceptFrenchLabel: script,
      })
      .strict(),
    recordedAnswer: z.string().min(1).max(100),
    replyBySms: z
      .object({
        node: z.string().regex(/^[a-z][a-z0-9_]*$/),
        placeholder: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/),
        key: z.string().regex(/^[1-9]$/),
      })
      .strict(),
    spokenValues: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/)).default([]),
    transfer: z
      .object({ node: z.string().regex(/^[a-z][a-z0-9_]*$/), key: z.string().regex(/^[1-9]$/) })
      .strict(),
    shared: z.record(z.string().regex(/^_[a-z0-9_]+$/), script).superRefine((shared, ctx) => {
      for (const id of SHARED_IDS) {
        if (!(id in shared)) ctx.addIssue({ code: 'custom', message: `shared prompt ${id} is missing` });
      }
    }),
    reviewed: z.object({ fr: z.array(z.string()).default([]), bm: z.array(z.string()).default([]) }).strict(),
  })
  .strict();
export type PromptCatalogue = z.infer<typeof promptCatalogueSchema>;

export function parsePromptCatalogue(text: string): PromptCatalogue {
  return promptCatalogueSchema.parse(parseYaml(text));
}

const PLACEHOLDER = /\{([a-zA-Z][a-zA-Z0-9]*)\}/g;

/** A recorded piece of a node's text; `lead` is the numbers part's lead, played only with a number shown. */
export interface PromptPiece {
  prompt: string;
  script: string;
}

/**
 * A node's text cut at its placeholders and around its `numbers` part (issue 14 D): prompt pieces, the
 * placeholders and the numbers between them, in order. The numbers part is never in a recording: a call
 * plays the lead, then each contact shown now (its name prompt, then its number digit by digit).
 */
export type NodePart =
  | PromptPiece
  | { placeholder: string }
  | { numbers: readonly { contact: string; says: string }[]; lead: PromptPiece | null };

/** The id of the n-th recorded piece of a node (`report_done`, `report_done-2`…); `-` never is in a node id. */
export function pieceId(nodeId: string, index: number): string {
  return index === 0 ? nodeId : `${nodeId}-${index + 1}`;
}

/** The numbers a phrase says, each contact once, in the order said. */
function numbersOf(phrase: NumbersPhrase): { contact: string; says: string }[] {
  const seen = new Set<string>();
  return phrase.groups.flatMap((g) =>
    g.items.flatMap((i) => {
      if (seen.has(i.contact)) return [];
      seen.add(i.contact);
      return [{ contact: i.contact, says: i.says }];
    }),
  );
}

export function nodeParts(nodeId: string, text: string, numbers?: NumbersPhrase): NodePart[] {
  const parts: NodePart[] = [];
  let piece = 0;
  const nextPiece = (s: string): PromptPiece | null => {
    const trimmed = s.trim();
    return trimmed === '' ? null : { prompt: pieceId(nodeId, piece++), script: trimmed };
  };
  const cut = (segment: string): void => {
    let last = 0;
    const push = (s: string): void => {
      const p = nextPiece(s);
      if (p) parts.push(p);
    };
    for (const m of segment.matchAll(PLACEHOLDER)) {
      push(segment.slice(last, m.index));
      parts.push({ placeholder: m[1] ?? '' });
      last = m.index + m[0].length;
    }
    push(segment.slice(last));
  };
  // flows:check refuses a `numbers` its text does not hold; such a text is then cut as a plain one.
  const reviewed = numbers ? reviewedNumbersText(numbers) : '';
  const at = numbers && reviewed !== '' ? text.indexOf(reviewed) : -1;
  if (!numbers || at < 0) {
    cut(text);
    return parts;
  }
  cut(text.slice(0, at));
  parts.push({ numbers: numbersOf(numbers), lead: nextPiece(numbers.lead) });
  cut(text.slice(at + reviewed.length));
  return parts;
}

/** Every recorded piece of a node's parts, the numbers' lead among them, in order. */
export function promptPieces(parts: readonly NodePart[]): (PromptPiece & { lead: boolean })[] {
  return parts.flatMap((p): (PromptPiece & { lead: boolean })[] => {
    if ('prompt' in p) return [{ ...p, lead: false }];
    if ('numbers' in p && p.lead) return [{ ...p.lead, lead: true }];
    return [];
  });
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(PLACEHOLDER, (m, name: string) => values[name] ?? m);
}

/** The option lines a speaker reads at the end of a node's (last) piece; null when the phrase is unwritten. */
function keyLines(
  flow: CompiledFlow,
  catalogue: PromptCatalogue,
  nodeId: string,
  node: CompiledNode,
  locale: Locale,
): string[] | null {
  const phrase = catalogue.keyPhrase[locale];
  const entries: { label: string | null; key: string }[] = [];
  if (nodeId === flow.language) {
    // Each greeting offers its own language only (and Bambara the French fallback).
    for (const o of node.options ?? []) {
      if (o.action?.params.locale === locale) entries.push({ label: o.label[locale], key: o.key });
    }
    if (locale === 'bm') {
      entries.push({
        label: catalogue.language.acceptFrenchLabel.bm,
        key: catalogue.language.acceptFrenchKey,
      });
    }
  } else {
    for (const o of node.options ?? []) entries.push({ label: o.label[locale], key: o.key });
    if (node.type === 'info' && node.next) {
      entries.push({ label: (node.nextLabel ?? flow.messages.next)[locale], key: '1' });
    }
    const atRoot = nodeId === flow.home;
    if (node.type !== 'end' && !atRoot) entries.push({ label: flow.messages.back[locale], key: '0' });
  }
  if (entries.length === 0) return [];
  if (phrase === null || entries.some((e) => e.label === null)) return null;
  return entries.map((e) => fill(phrase, { label: e.label ?? '', key: e.key }));
}

export interface PromptEntry {
  id: string;
  locale: Locale;
  /** What the speaker reads; null when it is not written yet in that locale. */
  script: string | null;
  /** The flow node it belongs to, or null for a shared prompt. */
  node: string | null;
}

/** The parts of a directory entry its voice prompt needs (flows/directory.yaml). */
export interface ContactPromptSource {
  id: string;
  name: string;
  label?: { fr: string; bm: string } | undefined;
}

/**
 * The recorded name of a directory contact a node lists (`contacts:`) or whose number it says
 * (`numbers`); its number is read digit by digit.
 */
export function contactPromptId(contactId: string): string {
  return `_contact_${contactId}`;
}

/**
 * The contacts the nodes list or say the number of, each once, in the order first named: one name prompt
 * each. The script is the screen's label, else the French name; in Bambara, for a number a `numbers`
 * part says, the label of its group there ("Polisi"), else none (never written by guess).
 */
function contactEntries(
  flow: CompiledFlow,
  directory: readonly ContactPromptSource[],
  locale: Locale,
): PromptEntry[] {
  const byId = new Map(directory.map((e) => [e.id, e]));
  const groupLabel = new Map<string, string>();
  for (const n of Object.values(flow.nodes)) {
    for (const g of n.numbers?.[locale].groups ?? []) {
      const label = g.label.trim().replace(/:$/, '').trim();
      for (const i of g.items)
        if (label !== '' && !groupLabel.has(i.contact)) groupLabel.set(i.contact, label);
    }
  }
  const ids = [
    ...new Set(
      Object.values(flow.nodes).flatMap((n) => [
        ...(n.contacts ?? []),
        ...LOCALES.flatMap((l) => (n.numbers ? numbersOf(n.numbers[l]).map((i) => i.contact) : [])),
      ]),
    ),
  ];
  return ids.flatMap((id) => {
    const e = byId.get(id);
    if (!e) return [];
    const script = e.label?.[locale] ?? (locale === 'fr' ? e.name : (groupLabel.get(id) ?? null));
    return [{ id: contactPromptId(id), locale, script, node: null }];
  });
}

/** Every prompt the voice channel needs, per locale, with its script. */
export function promptEntries(
  flow: CompiledFlow,
  catalogue: PromptCatalogue,
  directory: readonly ContactPromptSource[],
): PromptEntry[] {
  const out: PromptEntry[] = [];
  for (const locale of LOCALES) {
    for (const [nodeId, node] of Object.entries(flow.nodes)) {
      const pieces = promptPieces(nodeParts(nodeId, node.text[locale], node.numbers?.[locale]));
      const lines = keyLines(flow, catalogue, nodeId, node, locale);
      if (pieces.length === 0) pieces.push({ prompt: nodeId, script: '', lead: false });
      // The keys close the last piece always played: a lead is not when no number is shown.
      const spoken = pieces.filter((p) => !p.lead);
      const closing = spoken[spoken.length - 1] ?? pieces[pieces.length - 1];
      pieces.forEach((p) => {
        const isLast = p === closing;
        const script = isLast ? (lines === null ? null : [p.script, ...lines].join('\n').trim()) : p.script;
        out.push({ id: p.prompt, locale, script, node: nodeId });
      });
    }
    for (const [id, s] of Object.entries(catalogue.shared)) {
      out.push({ id, locale, script: s[locale], node: null });
    }
    for (const template of catalogue.spokenValues) {
      const text = flow.sms[template]?.text[locale] ?? null;
      out.push({ id: valuePromptId(template), locale, script: text, node: null });
    }
    out.push(...contactEntries(flow, directory, locale));
  }
  return out;
}

/** The prompt playing a placeholder value that is the text of an SMS template. */
export function valuePromptId(template: string): string {
  return `_value_${template}`;
}

/** The shared prompt reading one character of a placeholder value, or null for characters not read out. */
export function characterPrompt(ch: string): SharedPromptId | null {
  if (/^[0-9]$/.test(ch)) return `_digit_${ch}`;
  if (ch === '*') return '_star';
  if (ch === '#') return '_hash';
  return null;
}
