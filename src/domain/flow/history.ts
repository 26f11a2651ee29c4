import type { SessionHistory } from '../session-ports';
import { replay, type EngineContext, type SessionState } from './engine';
import { isFreeText, segmentText } from './segment';

/**
 * What dialect A's `text` (every input joined with `*`) adds to a known history: '' for the same path (a
 * gateway's retry), the rest after the known path, or null when the known path is not a prefix.
 */
export function tailAfter(prev: SessionHistory, text: string): string | null {
  if (prev.text === text) return '';
  if (prev.text === '') return text;
  return text.startsWith(`${prev.text}*`) ? text.slice(prev.text.length + 1) : null;
}

/**
 * Whether `prev` alone explains `text`: the same path or exactly one more input without `*`. Each hop
 * adds one input, so no hop can have been served elsewhere in between.
 */
export function explainsAlone(prev: SessionHistory, text: string): boolean {
  const tail = tailAfter(prev, text);
  return tail !== null && !tail.includes('*');
}

/**
 * The inputs for dialect A's `text` from a known history. A tail with `*` is one free-text answer when the
 * history leaves the caller at a free-text question; otherwise it is several inputs (hops another instance
 * served without sharing them, since they were unambiguous), split from the state the history leads to.
 * Null when the history does not explain `text` (the caller then segments the whole path).
 */
export function extendHistory(
  ctx: EngineContext,
  start: SessionState,
  prev: SessionHistory | null,
  text: string,
): string[] | null {
  if (text === '') return [];
  if (!prev) return null;
  const tail = tailAfter(prev, text);
  if (tail === null) return null;
  if (tail === '') return prev.inputs;
  if (!tail.includes('*')) return [...prev.inputs, tail];
  const state = replay(ctx, start, prev.inputs).state;
  if (isFreeText(ctx, state)) return [...prev.inputs, tail];
  return [...prev.inputs, ...segmentText(ctx, state, tail)];
}
