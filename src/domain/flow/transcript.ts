/**
 * Golden transcripts: a path of inputs and the screens it must produce. Stored as YAML in
 * flows/transcripts/, re-recorded with `npm run transcripts:record`, replayed by the tests.
 */
import { z } from 'zod';
import type { EngineContext } from './engine';
import { initialState, pendingResolve, render, replay } from './engine';

export const transcriptSchema = z
  .object({
    name: z.string(),
    description: z.string().optional(),
    start: z.enum(['language', 'home']).default('language'),
    locale: z.enum(['fr', 'bm']).default('fr'),
    inputs: z.array(z.string()),
    /** Values the resolvers would return at run time (`{code}`, `{status}`, `{reply}`...). */
    vars: z.record(z.string(), z.string()).default({}),
    screens: z.array(z.string()).default([]),
    /** The screens under another Bambara spelling, recorded only where they differ from `screens` (gsm). */
    variants: z
      .object({ french: z.array(z.string()).optional(), official: z.array(z.string()).optional() })
      .strict()
      .optional(),
  })
  .strict();
export type Transcript = z.infer<typeof transcriptSchema>;

/** The screens a transcript expects under a spelling: its variant, or the gsm screens when none differ. */
export function expectedScreens(t: Transcript, spelling: 'gsm' | 'french' | 'official'): string[] {
  return spelling === 'gsm' ? t.screens : (t.variants?.[spelling] ?? t.screens);
}

/** Every screen of the path, hop by hop, as the gateway would send it (`CON …` / `END …`). */
export function runTranscript(
  ctx: EngineContext,
  t: Transcript,
  globals: Record<string, string> = {},
): string[] {
  const start = initialState(ctx.flow, t.start, t.locale);
  const screens: string[] = [];
  for (let i = 0; i <= t.inputs.length; i++) {
    const { state } = replay(ctx, start, t.inputs.slice(0, i));
    const vars = pendingResolve(ctx, state) ? { ...globals, ...t.vars } : globals;
    const screen = render(ctx, state, vars);
    screens.push(`${screen.kind} ${screen.text}`);
    if (screen.kind === 'END') break;
  }
  return screens;
}
