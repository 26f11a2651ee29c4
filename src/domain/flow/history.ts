import type { SessionHistory } from '../session-ports';

/**
 * The inputs for dialect A's `text` (every input joined with `*`), given what was seen on the previous hop:
 * the previous inputs plus the new tail. Null when the history does not explain `text` (then the caller
 * falls back to segmentation).
 */
export function extendHistory(prev: SessionHistory | null, text: string): string[] | null {
  if (text === '') return [];
  if (!prev) return null;
  if (prev.text === text) return prev.inputs;
  if (prev.text === '') return [text];
  if (text.startsWith(`${prev.text}*`)) return [...prev.inputs, text.slice(prev.text.length + 1)];
  return null;
}
