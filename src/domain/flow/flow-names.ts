/**
 * The names a flow may use: actions (option effects), resolvers (run before a screen) and validators (free
 * input). One list, read by the checker (`flows:check` and the boot) and by the composition root, which
 * must register a handler for each: a flow naming anything else stops the boot with the node's name.
 */
import type { CompiledFlow } from './compile';
import { FlowError, type FlowProblem } from './parse';

/** Flow file versions this engine reads (`version:` at the top of flows/main.yaml). */
export const SUPPORTED_FLOW_VERSIONS: readonly number[] = [1];

export interface FlowNames {
  actions: readonly string[];
  resolvers: readonly string[];
  validators: readonly string[];
}

/** `setLanguage` is carried out by the engine and the session service themselves. */
export const KNOWN_FLOW_NAMES: FlowNames = {
  actions: ['setLanguage', 'sendSms', 'subscribeTips', 'unsubscribeTips'],
  resolvers: ['submitReport', 'lookupReport', 'checkReportLimit'],
  validators: ['reportCode'],
};

/** Every action, resolver and validator the flow names that `names` lacks, one problem per node. */
export function unknownNameProblems(flow: CompiledFlow, file: string, names: FlowNames): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const unknown = (node: string, kind: string, name: string, known: readonly string[]): void => {
    if (!known.includes(name)) problems.push({ file, node, message: `unknown ${kind} "${name}"` });
  };
  for (const [id, node] of Object.entries(flow.nodes)) {
    for (const o of node.options ?? []) if (o.action) unknown(id, 'action', o.action.name, names.actions);
    if (node.resolve) unknown(id, 'resolver', node.resolve.name, names.resolvers);
    if (node.type === 'question' && node.input?.validator) {
      unknown(id, 'validator', node.input.validator, names.validators);
    }
  }
  return problems;
}

export function versionProblems(flow: { version: number }, file: string): FlowProblem[] {
  return SUPPORTED_FLOW_VERSIONS.includes(flow.version)
    ? []
    : [
        {
          file,
          message: `flow version ${flow.version} is not supported (supported: ${SUPPORTED_FLOW_VERSIONS.join(', ')})`,
        },
      ];
}

/** For the composition root: throws a FlowError naming each node whose name has no registered handler. */
export function assertFlowNamesRegistered(flow: CompiledFlow, registered: FlowNames, file = 'flow'): void {
  const problems = unknownNameProblems(flow, file, registered);
  if (problems.length > 0) throw new FlowError(problems);
}
