/**
 * The voice prompt catalogue (flows/voice/prompts.yaml): which recorded prompts the voice channel needs,
 * per node and locale, and the script a speaker reads for each. Pure: files and URLs are the adapters'.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { CompiledFlow, CompiledNode } from '../flow/compile';
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

/** A node's text cut at its placeholders: prompt pieces and the placeholders between them, in order. */
export type NodePart = { prompt: string; script: string } | { placeholder: string };

/** The id of the n-th recorded piece of a node (`report_done`, `report_done-2`…); `-` never is in a node id. */
export function pieceId(nodeId: string, index: number): string {
  return index === 0 ? nodeId : `${nodeId}-${index + 1}`;
}

export function nodeParts(nodeId: string, text: string): NodePart[] {
  const parts: NodePart[] = [];
  let last = 0;
  let piece = 0;
  const pushPiece = (s: string): void => {
    const trimmed = s.trim();
    if (trimmed !== '') parts.push({ prompt: pieceId(nodeId, piece++), script: trimmed });
  };
  for (const m of text.matchAll(PLACEHOLDER)) {
    pushPiece(text.slice(last, m.index));
    parts.push({ placeholder: m[1] ?? '' });
    last = m.index + m[0].length;
  }
  pushPiece(text.slice(last));
  return parts;
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

/** The recorded name of a directory contact a node lists (`contacts:`); its number is read digit by digit. */
export function contactPromptId(contactId: string): string {
  return `_contact_${contactId}`;
}

/**
 * The contacts the nodes list, each once, in the order first listed: one name prompt each. The script is
 * the screen's label (else the French name; no Bambara script without a Bambara label).
 */
function contactEntries(
  flow: CompiledFlow,
  directory: readonly ContactPromptSource[],
  locale: Locale,
): PromptEntry[] {
  const byId = new Map(directory.map((e) => [e.id, e]));
  const ids = [...new Set(Object.values(flow.nodes).flatMap((n) => n.contacts ?? []))];
  return ids.flatMap((id) => {
    const e = byId.get(id);
    if (!e) return [];
    const script = e.label?.[locale] ?? (locale === 'fr' ? e.name : null);
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
      const pieces = nodeParts(nodeId, node.text[locale]).filter(
        (p): p is { prompt: string; script: string } => 'prompt' in p,
      );
      const lines = keyLines(flow, catalogue, nodeId, node, locale);
      if (pieces.length === 0) pieces.push({ prompt: nodeId, script: '' });
      pieces.forEach((p, i) => {
        const isLast = i === pieces.length - 1;
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
