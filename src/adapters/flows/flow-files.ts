/** Reads the flow and the support directory from `flows/` and checks them; a bad flow stops the boot. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkFlow, type CheckReport } from '../../domain/flow/checker';
import type { CompiledFlow } from '../../domain/flow/compile';
import { loadDirectory, type Directory } from '../../domain/flow/directory';
import type { BambaraSpelling } from '../../domain/flow/bambara-spelling';
import { FlowError, parseFlow, type FlowProblem } from '../../domain/flow/parse';

export const MAIN_FLOW_FILE = 'main.yaml';
export const DIRECTORY_FILE = 'directory.yaml';

export interface LoadedContent {
  flow: CompiledFlow;
  directory: Directory;
  report: CheckReport;
}

export interface ContentOptions {
  spelling: BambaraSpelling;
  serviceCode: string;
}

/** Loads and checks; returns the problems instead of throwing (for `flows:check`). */
export function inspectContent(
  dir: string,
  opts: ContentOptions,
): { content: LoadedContent | null; problems: FlowProblem[] } {
  const flowFile = join(dir, MAIN_FLOW_FILE);
  const dirFile = join(dir, DIRECTORY_FILE);
  let directory: Directory;
  try {
    directory = loadDirectory(readFileSync(dirFile, 'utf8'));
  } catch (e) {
    return {
      content: null,
      problems: [{ file: dirFile, message: e instanceof Error ? e.message : String(e) }],
    };
  }
  let text: string;
  try {
    text = readFileSync(flowFile, 'utf8');
  } catch (e) {
    return {
      content: null,
      problems: [{ file: flowFile, message: e instanceof Error ? e.message : String(e) }],
    };
  }
  const parsed = parseFlow(text, flowFile);
  if (!parsed.ok) return { content: null, problems: parsed.problems };
  const report = checkFlow(parsed.flow, flowFile, { ...opts, directory: directory.entries });
  return { content: { flow: parsed.flow, directory, report }, problems: report.problems };
}

/** Loads and checks; throws FlowError listing every problem. */
export function loadContent(dir: string, opts: ContentOptions): LoadedContent {
  const { content, problems } = inspectContent(dir, opts);
  if (!content || problems.length > 0) throw new FlowError(problems);
  return content;
}
