/**
 * What a caller hears and may do on a voice call for the node the engine shows: provider-neutral. An
 * adapter turns a plan into its gateway's actions (Africa's Talking XML is one; another provider's is
 * another). Paging does not exist on voice: a node is its recorded prompt(s).
 */
import type { CompiledFlow } from '../flow/compile';
import type { Locale } from '../shared/locale';
import {
  characterPrompt,
  contactPromptId,
  nodeParts,
  pieceId,
  type NodePart,
  type PromptCatalogue,
} from './prompt-catalogue';

/** A recorded prompt in one locale. */
export interface PromptRef {
  id: string;
  locale: Locale;
}

export type VoicePlan =
  /** Play the prompts while waiting for keys: one key, or digits ended by `#`. */
  | {
      kind: 'gather';
      node: string;
      prompts: PromptRef[];
      numDigits: number | null;
      finishOnKey: string | null;
    }
  /** Play the prompts, then record the caller (a free-text question). */
  | { kind: 'record'; node: string; prompts: PromptRef[]; maxSeconds: number; finishOnKey: string }
  /** Play the prompts, then the call ends. */
  | { kind: 'end'; prompts: PromptRef[] };

export const RECORD_MAX_SECONDS = 60;

export interface PlanInput {
  flow: CompiledFlow;
  /** The node shown, or null after a quick exit or an internal error. */
  node: string | null;
  locale: Locale;
  vars: Record<string, string>;
  /** The last input was not understood: "invalid choice" is played first. */
  invalid: boolean;
  /** The hop failed: the apology is played. */
  failed: boolean;
  /** The prompt id of a placeholder value that has a recording of its own (a status), or null. */
  valuePrompt?: (value: string, locale: Locale) => string | null;
  /**
   * The directory contacts the node lists that phones show now (issue 14 D), in order: each is played
   * after the node's prompt as its recorded name, then its number digit by digit. Never one not given here.
   */
  contacts?: readonly VoiceContact[];
  /**
   * The contacts the node's `numbers` part names that phones show now, with the number said (issue 14 D):
   * the part plays each one's name and number, and none of the others. Absent (no visibility wired): the
   * numbers as the reviewed text says them.
   */
  numbers?: readonly VoiceContact[];
}

export interface VoiceContact {
  id: string;
  phone?: string | null | undefined;
}

/** A contact's name prompt, then its number read from the recorded digits (spaces are not read). */
function contactParts(contacts: readonly VoiceContact[], locale: Locale): PromptRef[] {
  return contacts.flatMap((c) => [
    { id: contactPromptId(c.id), locale },
    ...[...(c.phone ?? '')].flatMap((ch) => {
      const id = characterPrompt(ch);
      return id ? [{ id, locale }] : [];
    }),
  ]);
}

/** A numbers part: its lead, then each number shown now; nothing at all when none is (as on screens). */
function numbersParts(
  part: Extract<NodePart, { numbers: unknown }>,
  locale: Locale,
  shownNow: PlanInput['numbers'],
): PromptRef[] {
  const shown = part.numbers.flatMap((n) => {
    const phone = shownNow ? (shownNow.find((c) => c.id === n.contact)?.phone ?? null) : n.says;
    return phone ? [{ id: n.contact, phone }] : [];
  });
  if (shown.length === 0) return [];
  return [...(part.lead ? [{ id: part.lead.prompt, locale }] : []), ...contactParts(shown, locale)];
}

function partsOf(
  flow: CompiledFlow,
  nodeId: string,
  locale: Locale,
  vars: Record<string, string>,
  input: Pick<PlanInput, 'valuePrompt' | 'numbers'>,
): PromptRef[] {
  const node = flow.nodes[nodeId];
  if (!node) throw new Error(`unknown flow node: ${nodeId}`);
  const parts = nodeParts(nodeId, node.text[locale], node.numbers?.[locale]);
  const recorded = parts.some((p) => 'prompt' in p || ('numbers' in p && p.lead !== null));
  if (!recorded) parts.unshift({ prompt: pieceId(nodeId, 0), script: '' });
  const out: PromptRef[] = [];
  for (const p of parts) {
    if ('prompt' in p) {
      out.push({ id: p.prompt, locale });
      continue;
    }
    if ('numbers' in p) {
      out.push(...numbersParts(p, locale, input.numbers));
      continue;
    }
    const value = vars[p.placeholder] ?? '';
    const own = value === '' ? null : (input.valuePrompt?.(value, locale) ?? null);
    if (own) {
      out.push({ id: own, locale });
      continue;
    }
    // A code is read character by character from the recorded digits; free text (a counsellor's reply)
    // cannot be played from recordings and is left to the adapter (offered by SMS).
    if (!/^[0-9*#]+$/.test(value)) continue;
    for (const ch of value) {
      const id = characterPrompt(ch);
      if (id) out.push({ id, locale });
    }
  }
  return out;
}

export function planVoice(input: PlanInput): VoicePlan {
  const { flow, node: nodeId, locale, vars } = input;
  if (input.failed) return { kind: 'end', prompts: [{ id: '_error', locale }] };
  if (nodeId === null) return { kind: 'end', prompts: [{ id: '_goodbye', locale }] };
  const node = flow.nodes[nodeId];
  if (!node) throw new Error(`unknown flow node: ${nodeId}`);
  const notice: PromptRef[] = input.invalid ? [{ id: '_invalid', locale }] : [];

  if (nodeId === flow.language) {
    // Each language's greeting in that language, whatever the session's locale.
    const prompts = [
      ...partsOf(flow, nodeId, 'fr', vars, input),
      ...partsOf(flow, nodeId, 'bm', vars, input),
    ];
    return {
      kind: 'gather',
      node: nodeId,
      prompts: [...notice, ...prompts],
      numDigits: 1,
      finishOnKey: null,
    };
  }
  const prompts = [
    ...notice,
    ...partsOf(flow, nodeId, locale, vars, input),
    ...contactParts(input.contacts ?? [], locale),
  ];
  if (node.type === 'end') return { kind: 'end', prompts };
  if (node.type === 'question' && node.input?.kind === 'text') {
    return {
      kind: 'record',
      node: nodeId,
      prompts: [...prompts, { id: '_record_hint', locale }],
      maxSeconds: RECORD_MAX_SECONDS,
      finishOnKey: '#',
    };
  }
  if (node.type === 'question' && node.input) {
    return { kind: 'gather', node: nodeId, prompts, numDigits: null, finishOnKey: '#' };
  }
  const keys = (node.options ?? []).map((o) => o.key);
  const oneKey = keys.every((k) => k.length === 1);
  return {
    kind: 'gather',
    node: nodeId,
    prompts,
    numDigits: oneKey ? 1 : null,
    finishOnKey: oneKey ? null : '#',
  };
}

/**
 * The prompt actually played: the recording in its own locale; a missing Bambara one falls back to the
 * French recording only for a caller who accepted French. Null when nothing can be played.
 */
export function choosePrompt(
  ref: PromptRef,
  has: (ref: PromptRef) => boolean,
  acceptsFrench: boolean,
): PromptRef | null {
  if (has(ref)) return ref;
  if (ref.locale === 'bm' && acceptsFrench) {
    const fr: PromptRef = { id: ref.id, locale: 'fr' };
    if (has(fr)) return fr;
  }
  return null;
}

/** The catalogue's key mapping on the language menu: the "Bambara, French welcome" key means Bambara. */
export function languageKey(
  catalogue: PromptCatalogue,
  digits: string,
): { input: string; acceptsFrench: boolean } {
  if (digits === catalogue.language.acceptFrenchKey) {
    return { input: catalogue.language.bambaraKey, acceptsFrench: true };
  }
  return { input: digits, acceptsFrench: false };
}
