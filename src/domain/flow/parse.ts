/** Parsing a flow file's text (YAML) into a compiled flow, with every problem located. */
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { ZodError } from 'zod';
import { compileFlow, type CompiledFlow } from './compile';
import { flowSchema } from './schema';

export interface FlowProblem {
  file: string;
  node?: string;
  locale?: string;
  message: string;
}

export function formatProblem(p: FlowProblem): string {
  const where = [p.file, p.node ? `node ${p.node}` : null, p.locale ? `locale ${p.locale}` : null]
    .filter(Boolean)
    .join(', ');
  return `${where}: ${p.message}`;
}

export class FlowError extends Error {
  constructor(readonly problems: FlowProblem[]) {
    super(`Invalid flow:\n${problems.map((p) => `  - ${formatProblem(p)}`).join('\n')}`);
    this.name = 'FlowError';
  }
}

function zodProblems(file: string, error: ZodError): FlowProblem[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String);
    const node = path[0] === 'nodes' || path[0] === 'sms' ? path[1] : undefined;
    const locale = path.find((p) => p === 'fr' || p === 'bm');
    const missing = issue.code === 'invalid_type' && locale !== undefined;
    return {
      file,
      ...(node ? { node } : {}),
      ...(locale ? { locale } : {}),
      message: missing ? `missing translation at ${path.join('.')}` : `${path.join('.')}: ${issue.message}`,
    };
  });
}

export type ParseResult = { ok: true; flow: CompiledFlow } | { ok: false; problems: FlowProblem[] };

export function parseFlow(text: string, file: string): ParseResult {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    const msg = e instanceof YAMLParseError ? e.message : String(e);
    return { ok: false, problems: [{ file, message: `YAML: ${msg}` }] };
  }
  const parsed = flowSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: zodProblems(file, parsed.error) };
  return { ok: true, flow: compileFlow(parsed.data) };
}
