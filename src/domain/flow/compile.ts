/**
 * Turns a parsed flow into the form the engine runs: every option gets its key (1..n in order, skipping
 * keys set explicitly such as the danger key 9).
 */
import type { Flow, FlowNode, FlowOption } from './schema';

export type KeyedOption = FlowOption & { key: string };

/** A node with keyed options (distributes over the node union, so `type` still narrows). */
type Keyed<N> = N extends { options?: FlowOption[] }
  ? Omit<N, 'options'> & { options?: KeyedOption[] }
  : N & { options?: undefined };
export type CompiledNode = Keyed<FlowNode>;

export interface CompiledFlow extends Omit<Flow, 'nodes'> {
  nodes: Record<string, CompiledNode>;
}

export function assignKeys(options: FlowOption[]): KeyedOption[] {
  const taken = new Set(options.map((o) => o.key).filter((k): k is string => k !== undefined));
  let next = 1;
  return options.map((o) => {
    if (o.key !== undefined) return { ...o, key: o.key };
    while (taken.has(String(next))) next++;
    const key = String(next++);
    taken.add(key);
    return { ...o, key };
  });
}

export function compileFlow(flow: Flow): CompiledFlow {
  const nodes: Record<string, CompiledNode> = {};
  for (const [id, node] of Object.entries(flow.nodes)) {
    nodes[id] = (
      'options' in node && node.options ? { ...node, options: assignKeys(node.options) } : node
    ) as CompiledNode;
  }
  return { ...flow, nodes };
}
