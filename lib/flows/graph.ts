/**
 * Job flows as graphs (lib/graph): the node kinds' registry and the checks a flow must pass besides
 * the generic ones. Pure and client-safe (no server imports): the canvas checks a connection and a
 * save with these functions, the server checks the save and the publish again.
 */

import { approversIssue } from "@/lib/approvals/flow";
import { createRegistry, type Graph, type GraphNode, type HandleSpec, type NodeTypeSpec } from "@/lib/graph/types";
import { type GraphIssue, validateGraph } from "@/lib/graph/validate";
import { msg, parseMsg } from "@/lib/i18n/message";
import {
  CONDITION_OUTPUTS,
  type ConditionNodeData,
  EDGE_WHEN,
  EXECUTABLE_KINDS,
  type FlowNodeData,
  type FlowSettings,
  type GateNodeData,
  type HttpNodeData,
  type JobNodeData,
  MAX_FLOW_NODES,
  NODE_INPUT,
  type NodePolicy,
  ON_FAILURE,
  type ShellNodeData,
  type SqlNodeData,
  START_OUTPUT,
  TIMEOUT_ACTIONS,
} from "./catalog";
import { type Expr, parseExpression, referencedNodes, referencedParams } from "./expression";
import { nodeTexts, PARAM_NAME, referencesIn } from "./references";

export type FlowGraph = Graph<FlowNodeData>;

/** Policy bounds (lib/validation/flows.ts refuses the same on the way in). */
export const MAX_NODE_RETRIES = 10;
export const MAX_RETRY_DELAY_MS = 86_400_000;
export const MIN_NODE_TIMEOUT_MS = 1000;
export const MAX_NODE_TIMEOUT_MS = 86_400_000;
export const MIN_PARALLELISM = 1;
export const MAX_PARALLELISM = 50;
/** A flow's whole-run limit: gates may wait for days. */
export const MAX_FLOW_TIMEOUT_MS = 30 * 86_400_000;

/** Kinds that execute something (job, shell, HTTP, SQL): they take a parallelism slot. */
export const executable = (kind: string) => (EXECUTABLE_KINDS as readonly string[]).includes(kind);
/** Kinds with a `policy` (the executable ones and the gate). */
export const hasPolicy = (kind: string) => executable(kind) || kind === "gate";

const flow = (id: string): HandleSpec => ({ id, type: "flow" });
const input = [flow(NODE_INPUT)];
const outcomes = EDGE_WHEN.map(flow);
const filled = (s: unknown) => typeof s === "string" && s.trim() !== "";

const complete: Record<string, (data: unknown) => boolean> = {
  job: (d) => filled((d as Partial<JobNodeData>)?.jobId),
  shell: (d) => filled((d as Partial<ShellNodeData>)?.config?.command),
  http: (d) => filled((d as Partial<HttpNodeData>)?.config?.url),
  sql: (d) => {
    const config = (d as Partial<SqlNodeData>)?.config;
    return filled(config?.datasourceId) && filled(config?.query);
  },
  gate: (d) => {
    const level = (d as Partial<GateNodeData>)?.level;
    return !!level && approversIssue(level) === null;
  },
  condition: (d) => parseExpression((d as Partial<ConditionNodeData>)?.expression ?? "").ok,
};

const step = (kind: string): NodeTypeSpec => ({
  kind,
  inputs: input,
  outputs: outcomes,
  minIn: 1,
  isComplete: complete[kind],
});

export const flowRegistry = createRegistry([
  { kind: "start", role: "start", inputs: [], outputs: [flow(START_OUTPUT)], maxIn: 0, minOut: 1 },
  { kind: "end", role: "end", inputs: input, outputs: [], minIn: 1, maxOut: 0 },
  ...EXECUTABLE_KINDS.map(step),
  step("gate"),
  // Not `role: "condition"`: that is the approvals' rule routing (ConditionData); this one has an expression.
  {
    kind: "condition",
    inputs: input,
    outputs: CONDITION_OUTPUTS.map(flow),
    minIn: 1,
    minOut: 1,
    isComplete: complete.condition,
  },
]);

function issue(message: string, nodeId?: string): GraphIssue {
  return { code: parseMsg(message)?.code ?? message, message, ...(nodeId === undefined ? {} : { nodeId }) };
}

const isInt = (n: unknown, min: number, max: number) =>
  Number.isInteger(n) && (n as number) >= min && (n as number) <= max;

/** What is wrong with a node's policy, as issues on the node. */
function policyIssues(policy: Partial<NodePolicy> | undefined, nodeId: string): GraphIssue[] {
  if (!policy) return [];
  const issues: GraphIssue[] = [];
  if (policy.onFailure !== undefined && !(ON_FAILURE as readonly string[]).includes(policy.onFailure))
    issues.push(issue(msg("flows.policy_on_failure"), nodeId));
  if (policy.timeoutAction !== undefined && !(TIMEOUT_ACTIONS as readonly string[]).includes(policy.timeoutAction))
    issues.push(issue(msg("flows.policy_timeout_action"), nodeId));
  if (policy.retries !== undefined && !isInt(policy.retries, 0, MAX_NODE_RETRIES))
    issues.push(issue(msg("flows.policy_retries", { max: MAX_NODE_RETRIES }), nodeId));
  if (policy.retryDelayMs !== undefined && !isInt(policy.retryDelayMs, 0, MAX_RETRY_DELAY_MS))
    issues.push(issue(msg("flows.policy_retry_delay", { hours: MAX_RETRY_DELAY_MS / 3_600_000 }), nodeId));
  if (
    policy.timeoutMs !== undefined &&
    policy.timeoutMs !== null &&
    !isInt(policy.timeoutMs, MIN_NODE_TIMEOUT_MS, MAX_NODE_TIMEOUT_MS)
  )
    issues.push(issue(msg("flows.policy_timeout", { hours: MAX_NODE_TIMEOUT_MS / 3_600_000 }), nodeId));
  return issues;
}

/** The flow's settings' issues (no node). */
function settingsIssues(settings: FlowSettings): GraphIssue[] {
  const issues: GraphIssue[] = [];
  if (!isInt(settings.parallelism, MIN_PARALLELISM, MAX_PARALLELISM))
    issues.push(issue(msg("flows.parallelism_range")));
  if (
    settings.timeoutMs !== null &&
    settings.timeoutMs !== undefined &&
    !isInt(settings.timeoutMs, MIN_NODE_TIMEOUT_MS, MAX_FLOW_TIMEOUT_MS)
  )
    issues.push(issue(msg("flows.flow_timeout_range", { days: MAX_FLOW_TIMEOUT_MS / 86_400_000 })));
  const seen = new Set<string>();
  for (const p of settings.parameters ?? []) {
    if (typeof p?.name !== "string" || !PARAM_NAME.test(p.name)) issues.push(issue(msg("flows.param_name_invalid")));
    else if (seen.has(p.name)) issues.push(issue(msg("flows.parameter_repeated", { name: p.name })));
    else seen.add(p.name);
  }
  return issues;
}

/** Every node's ancestors (the nodes with a path to it), from the edges between known nodes. */
function ancestorsOf(graph: FlowGraph): (id: string) => Set<string> {
  const parents = new Map<string, string[]>();
  const ids = new Set(graph.nodes.map((n) => n.id));
  for (const e of graph.edges)
    if (ids.has(e.source) && ids.has(e.target)) parents.set(e.target, [...(parents.get(e.target) ?? []), e.source]);
  const memo = new Map<string, Set<string>>();
  return (id) => {
    const known = memo.get(id);
    if (known) return known;
    const seen = new Set<string>();
    const queue = [...(parents.get(id) ?? [])];
    for (let i = 0; i < queue.length; i++) {
      const p = queue[i] as string;
      if (seen.has(p)) continue;
      seen.add(p);
      queue.push(...(parents.get(p) ?? []));
    }
    seen.delete(id);
    memo.set(id, seen);
    return seen;
  };
}

/**
 * Every issue of a job flow (empty = it may be saved and published): the generic graph rules
 * (validateGraph: one start, an end reached, no cycle, degrees, complete nodes), then the flow's
 * own: at most MAX_FLOW_NODES nodes; each condition's expression parses; every
 * `{nodes.<id>.output…}` (and a condition's `nodes.<id>.…`) names an **ancestor** of its node (any
 * other could not have run yet) and every `{params.Name}` a declared parameter; policies in range;
 * settings in range (parallelism, timeout, parameter names valid and unique). Codes `graph.*`, `flows.*`.
 */
export function flowIssues(graph: FlowGraph, settings: FlowSettings): GraphIssue[] {
  if (graph.nodes.length > MAX_FLOW_NODES) return [issue(msg("flows.too_many_nodes", { max: MAX_FLOW_NODES }))];
  const issues = validateGraph(graph, flowRegistry);
  const ids = new Set(graph.nodes.map((n) => n.id));
  const declared = new Set((settings.parameters ?? []).map((p) => p?.name));
  const ancestors = ancestorsOf(graph);

  const checkRefs = (node: GraphNode<FlowNodeData>, nodeRefs: string[], params: string[]) => {
    for (const ref of new Set(nodeRefs)) {
      if (!ids.has(ref)) issues.push(issue(msg("flows.ref_unknown_node", { node: ref }), node.id));
      else if (!ancestors(node.id).has(ref)) issues.push(issue(msg("flows.ref_not_upstream", { node: ref }), node.id));
    }
    for (const name of new Set(params))
      if (!declared.has(name)) issues.push(issue(msg("flows.ref_unknown_param", { name }), node.id));
  };

  for (const node of graph.nodes) {
    if (node.type === "condition") {
      const parsed = parseExpression((node.data as Partial<ConditionNodeData>)?.expression ?? "");
      if (!parsed.ok) issues.push(issue(parsed.error, node.id));
      else checkRefs(node, referencedNodes(parsed.ast as Expr), referencedParams(parsed.ast as Expr));
      continue;
    }
    const refs = nodeTexts(node).flatMap(referencesIn);
    checkRefs(
      node,
      refs.flatMap((r) => (r.kind === "node" ? [r.nodeId] : [])),
      refs.flatMap((r) => (r.kind === "param" ? [r.name] : [])),
    );
    if (hasPolicy(node.type))
      issues.push(...policyIssues((node.data as { policy?: Partial<NodePolicy> })?.policy, node.id));
  }
  issues.push(...settingsIssues(settings));
  return issues;
}
