/**
 * One set of graph rules for the editor and the server: `validateGraph` on save (and on the
 * server again), `canConnect` while an edge is being drawn. Issues and refusals are `msg()` codes
 * (`graph.*`, texts in messages/<locale>/graph.json), rendered in the reader's language.
 * Linear in nodes + edges: maps built once, then BFS, reverse BFS and Tarjan's SCC, all iterative.
 */
import { msg, parseMsg } from "@/lib/i18n/message";
import {
  type ConditionData,
  type Connection,
  type Graph,
  type GraphEdge,
  type GraphNode,
  handlesFit,
  inputHandle,
  type NodeTypeRegistry,
  type NodeTypeSpec,
  outputHandle,
} from "./types";

/** What is wrong with a graph: `code` ("graph.cycle"), `message` (its `msg()` with parameters), and where. */
export type GraphIssue = { code: string; message: string; nodeId?: string; edgeId?: string };

function issue(message: string, at: { nodeId?: string; edgeId?: string } = {}): GraphIssue {
  return { code: parseMsg(message)?.code ?? message, message, ...at };
}

/** Two edges are the same connection when they join the same handles of the same nodes. */
const connectionKey = (source: string, sourceHandle: string, target: string, targetHandle: string) =>
  `${source}\u0000${sourceHandle}\u0000${target}\u0000${targetHandle}`;

/** A rule's `matches` pattern compiles (it must match the whole value). */
export function compilePattern(pattern: string): RegExp | null {
  try {
    return new RegExp(`^(?:${pattern})$`, "u");
  } catch {
    return null;
  }
}

/** The strongly connected components of more than one node (the cycles), iteratively (Tarjan). */
function cyclicNodes(ids: string[], out: Map<string, string[]>): Set<string> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cyclic = new Set<string>();
  let counter = 0;
  for (const root of ids) {
    if (index.has(root)) continue;
    const work: { id: string; next: number }[] = [{ id: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { id: string; next: number };
      const targets = out.get(frame.id) ?? [];
      if (frame.next < targets.length) {
        const to = targets[frame.next++] as string;
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ id: to, next: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.id, Math.min(low.get(frame.id) as number, index.get(to) as number));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id) as number, low.get(frame.id) as number));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop() as string;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.id);
        if (component.length > 1) for (const m of component) cyclic.add(m);
      }
    }
  }
  return cyclic;
}

/** Every node reached from `from` along `next` (breadth first). */
function reached(from: string[], next: Map<string, string[]>): Set<string> {
  const seen = new Set(from);
  const queue = [...from];
  for (let i = 0; i < queue.length; i++)
    for (const to of next.get(queue[i] as string) ?? [])
      if (!seen.has(to)) {
        seen.add(to);
        queue.push(to);
      }
  return seen;
}

function push(map: Map<string, string[]>, key: string, value: string) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Every issue of a graph, in a stable order (empty = valid): unique node and edge ids, known node
 * types, edges between existing nodes by handles that exist and fit, no duplicate connection or
 * self-loop, degree bounds, exactly one start, at least one end, every node reachable from the
 * start and reaching an end, no cycles, every condition routed (a default edge, rules leaving by
 * its own edges, patterns that compile), and no incomplete node.
 */
export function validateGraph(graph: Graph, registry: NodeTypeRegistry): GraphIssue[] {
  const issues: GraphIssue[] = [];
  const nodes = new Map<string, GraphNode>();
  const specs = new Map<string, NodeTypeSpec>();
  for (const node of graph.nodes) {
    if (nodes.has(node.id)) {
      issues.push(issue(msg("graph.duplicate_node_id", { id: node.id }), { nodeId: node.id }));
      continue;
    }
    nodes.set(node.id, node);
    const spec = registry.get(node.type);
    if (spec) specs.set(node.id, spec);
    else issues.push(issue(msg("graph.unknown_node_type", { type: node.type }), { nodeId: node.id }));
  }

  const edgeIds = new Set<string>();
  const seenConnections = new Set<string>();
  const out = new Map<string, string[]>();
  const into = new Map<string, string[]>();
  const outEdges = new Map<string, string[]>();
  for (const edge of graph.edges) {
    const at = { edgeId: edge.id };
    if (edgeIds.has(edge.id)) {
      issues.push(issue(msg("graph.duplicate_edge_id", { id: edge.id }), at));
      continue;
    }
    edgeIds.add(edge.id);
    if (!nodes.has(edge.source) || !nodes.has(edge.target)) {
      issues.push(issue(msg("graph.edge_unknown_node"), at));
      continue;
    }
    const refusal = handleRefusal(specs.get(edge.source), specs.get(edge.target), edge);
    if (refusal) issues.push(issue(refusal, at));
    const key = connectionKey(
      edge.source,
      handleId(specs.get(edge.source), edge, "out"),
      edge.target,
      handleId(specs.get(edge.target), edge, "in"),
    );
    if (seenConnections.has(key)) {
      issues.push(issue(msg("graph.duplicate_edge"), at));
      continue;
    }
    seenConnections.add(key);
    if (edge.source === edge.target) {
      issues.push(issue(msg("graph.self_loop"), { edgeId: edge.id, nodeId: edge.source }));
      continue;
    }
    push(out, edge.source, edge.target);
    push(into, edge.target, edge.source);
    push(outEdges, edge.source, edge.id);
  }

  for (const [id, spec] of specs) {
    const ins = into.get(id)?.length ?? 0;
    const outs = out.get(id)?.length ?? 0;
    const at = { nodeId: id };
    if (ins < (spec.minIn ?? 0)) issues.push(issue(msg("graph.too_few_inputs", { min: spec.minIn ?? 0 }), at));
    if (ins > (spec.maxIn ?? Number.POSITIVE_INFINITY))
      issues.push(issue(msg("graph.too_many_inputs", { max: spec.maxIn ?? 0 }), at));
    if (outs < (spec.minOut ?? 0)) issues.push(issue(msg("graph.too_few_outputs", { min: spec.minOut ?? 0 }), at));
    if (outs > (spec.maxOut ?? Number.POSITIVE_INFINITY))
      issues.push(issue(msg("graph.too_many_outputs", { max: spec.maxOut ?? 0 }), at));
  }

  const ids = [...nodes.keys()];
  const starts = ids.filter((id) => specs.get(id)?.role === "start");
  const ends = ids.filter((id) => specs.get(id)?.role === "end");
  if (starts.length === 0) issues.push(issue(msg("graph.no_start")));
  for (const extra of starts.slice(1))
    issues.push(issue(msg("graph.many_starts", { count: starts.length }), { nodeId: extra }));
  if (ends.length === 0) issues.push(issue(msg("graph.no_end")));
  if (starts.length > 0) {
    const fromStart = reached(starts, out);
    for (const id of ids) if (!fromStart.has(id)) issues.push(issue(msg("graph.unreachable"), { nodeId: id }));
  }
  if (ends.length > 0) {
    const toEnd = reached(ends, into);
    for (const id of ids) if (!toEnd.has(id)) issues.push(issue(msg("graph.dead_end"), { nodeId: id }));
  }
  const cyclic = cyclicNodes(ids, out);
  for (const id of ids) if (cyclic.has(id)) issues.push(issue(msg("graph.cycle"), { nodeId: id }));

  for (const [id, spec] of specs) {
    const node = nodes.get(id) as GraphNode;
    if (spec.role === "condition") issues.push(...conditionIssues(node, new Set(outEdges.get(id) ?? [])));
    if (spec.isComplete && !spec.isComplete(node.data)) issues.push(issue(msg("graph.incomplete"), { nodeId: id }));
  }
  return issues;
}

function conditionIssues(node: GraphNode, leaving: Set<string>): GraphIssue[] {
  const issues: GraphIssue[] = [];
  const at = { nodeId: node.id };
  const data = (node.data ?? {}) as Partial<ConditionData>;
  if (!data.defaultEdge) issues.push(issue(msg("graph.no_default_route"), at));
  else if (!leaving.has(data.defaultEdge)) issues.push(issue(msg("graph.route_edge_unknown"), at));
  for (const [i, rule] of (data.rules ?? []).entries()) {
    const n = i + 1;
    if (!leaving.has(rule.edge)) issues.push(issue(msg("graph.rule_edge_unknown", { rule: n }), at));
    if (rule.field === "variable" && !rule.variable?.trim())
      issues.push(issue(msg("graph.rule_no_variable", { rule: n }), at));
    if (rule.op === "matches" && (typeof rule.value !== "string" || !compilePattern(rule.value)))
      issues.push(issue(msg("graph.rule_bad_pattern", { rule: n }), at));
    if (rule.op === "in" && (!Array.isArray(rule.value) || rule.value.length === 0))
      issues.push(issue(msg("graph.rule_empty_list", { rule: n }), at));
  }
  return issues;
}

type EdgeEnds = Pick<GraphEdge, "sourceHandle" | "targetHandle"> | Connection;

/** The handle id an edge uses on one side (as named, or the node's first). */
function handleId(spec: NodeTypeSpec | undefined, edge: EdgeEnds, side: "in" | "out"): string {
  const named = side === "out" ? edge.sourceHandle : edge.targetHandle;
  if (!spec) return named ?? "";
  return (side === "out" ? outputHandle(spec, named) : inputHandle(spec, named))?.id ?? named ?? "";
}

/** Why these handles cannot be joined, or null (unknown node types are reported on their node). */
function handleRefusal(from: NodeTypeSpec | undefined, to: NodeTypeSpec | undefined, edge: EdgeEnds): string | null {
  if (!from || !to) return null;
  if (from.outputs.length === 0) return msg("graph.no_outputs");
  if (to.inputs.length === 0) return msg("graph.no_inputs");
  const output = outputHandle(from, edge.sourceHandle);
  if (!output) return msg("graph.unknown_handle", { handle: edge.sourceHandle ?? "" });
  const input = inputHandle(to, edge.targetHandle);
  if (!input) return msg("graph.unknown_handle", { handle: edge.targetHandle ?? "" });
  if (!handlesFit(output, input)) return msg("graph.handle_mismatch", { from: output.type, to: input.type });
  return null;
}

/**
 * Whether an edge may be drawn from `connection.source` to `connection.target`: null, or the one
 * reason it is refused (a `msg()` code): a self-loop, an unknown node, handles that do not exist
 * or fit, the same connection twice, a degree limit, or a cycle (the target already leads back
 * to the source).
 */
export function canConnect(graph: Graph, registry: NodeTypeRegistry, connection: Connection): string | null {
  const { source, target } = connection;
  if (source === target) return msg("graph.self_loop");
  const from = graph.nodes.find((n) => n.id === source);
  const to = graph.nodes.find((n) => n.id === target);
  if (!from || !to) return msg("graph.edge_unknown_node");
  const fromSpec = registry.get(from.type);
  const toSpec = registry.get(to.type);
  if (!fromSpec) return msg("graph.unknown_node_type", { type: from.type });
  if (!toSpec) return msg("graph.unknown_node_type", { type: to.type });
  const refusal = handleRefusal(fromSpec, toSpec, connection);
  if (refusal) return refusal;

  const key = connectionKey(source, handleId(fromSpec, connection, "out"), target, handleId(toSpec, connection, "in"));
  const specs = new Map(graph.nodes.map((n) => [n.id, registry.get(n.type)]));
  let outs = 0;
  let ins = 0;
  const next = new Map<string, string[]>();
  for (const edge of graph.edges) {
    if (edge.source === source && edge.target === target) {
      const existing = connectionKey(
        edge.source,
        handleId(specs.get(edge.source), edge, "out"),
        edge.target,
        handleId(specs.get(edge.target), edge, "in"),
      );
      if (existing === key) return msg("graph.duplicate_edge");
    }
    if (edge.source === source) outs++;
    if (edge.target === target) ins++;
    push(next, edge.source, edge.target);
  }
  if (fromSpec.maxOut !== undefined && outs >= fromSpec.maxOut)
    return msg("graph.too_many_outputs", { max: fromSpec.maxOut });
  if (toSpec.maxIn !== undefined && ins >= toSpec.maxIn) return msg("graph.too_many_inputs", { max: toSpec.maxIn });
  if (reached([target], next).has(source)) return msg("graph.cycle");
  return null;
}
