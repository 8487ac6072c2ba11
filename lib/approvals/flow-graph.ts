/**
 * Approval flows as graphs (lib/graph): the node kinds, the checks a flow must pass besides the
 * generic ones, and the route an order takes. Pure and client-safe: the canvas checks a connection
 * and a save with these same functions, the server checks the save again, and the engine routes an
 * order with `routeLevels` once, at submit (the chosen levels are pinned to the order).
 */

import { chooseRule, type RouteValues, routePath } from "@/lib/graph/route";
import { type ConditionData, createRegistry, type Graph, type GraphNode } from "@/lib/graph/types";
import { type GraphIssue, validateGraph } from "@/lib/graph/validate";
import { msg } from "@/lib/i18n/message";
import { approversIssue, type FlowLevel } from "./flow";

export const START = "start";
export const END = "end";
/** A level (stored graphs of the form editor already call it "approval"). */
export const LEVEL = "approval";
export const CONDITION = "condition";

export type StartEndData = Record<string, never>;
export type ApprovalNodeData = StartEndData | FlowLevel | ConditionData;
export type ApprovalGraph = Graph<ApprovalNodeData>;

/** The most nodes a flow has (a 200-node graph is the editor's benchmark). */
export const MAX_FLOW_NODES = 300;
/** The longest `matches` pattern, and the longest value it is tested against (a time guard). */
export const MAX_PATTERN_LENGTH = 200;
export const MAX_MATCHED_VALUE = 1000;

const levelComplete = (data: unknown) => {
  const level = data as FlowLevel | undefined;
  return !!level && level.name.trim() !== "" && approversIssue(level) === null;
};

export const approvalRegistry = createRegistry([
  { kind: START, role: "start", inputs: [], outputs: [{ id: "out", type: "flow" }], maxIn: 0, minOut: 1, maxOut: 1 },
  { kind: END, role: "end", inputs: [{ id: "in", type: "flow" }], outputs: [], minIn: 1, maxOut: 0 },
  {
    kind: LEVEL,
    inputs: [{ id: "in", type: "flow" }],
    outputs: [{ id: "out", type: "flow" }],
    minIn: 1,
    minOut: 1,
    maxOut: 1,
    isComplete: levelComplete,
  },
  {
    kind: CONDITION,
    role: "condition",
    inputs: [{ id: "in", type: "flow" }],
    outputs: [{ id: "out", type: "flow" }],
    minIn: 1,
    minOut: 1,
  },
]);

/** A stored flow graph as the graph model reads it: the form editor's start/end carry no data. */
export function asApprovalGraph(stored: { nodes: unknown[]; edges: unknown[] }): ApprovalGraph {
  return {
    nodes: (stored.nodes as GraphNode<ApprovalNodeData>[]).map((n) => ({ ...n, data: n.data ?? {} })),
    edges: stored.edges as ApprovalGraph["edges"],
  };
}

const isLevel = (node: GraphNode<ApprovalNodeData>): node is GraphNode<FlowLevel> => node.type === LEVEL;
const deciding = (node: GraphNode<ApprovalNodeData>) => isLevel(node) && node.data.kind !== "cc";

/**
 * Every issue of an approval flow (empty = it may be saved and published): the generic graph
 * rules, then the flow's own: not too many nodes, patterns short enough to run safely, and no
 * route from the start to an end that meets no deciding level (an order on it would be approved
 * by nobody). Codes are `graph.*` and `approvals.*`.
 */
export function flowIssues(graph: ApprovalGraph): GraphIssue[] {
  if (graph.nodes.length > MAX_FLOW_NODES) {
    const message = msg("approvals.flow_too_large", { max: MAX_FLOW_NODES });
    return [{ code: "approvals.flow_too_large", message }];
  }
  const issues = validateGraph(graph, approvalRegistry);
  for (const node of graph.nodes) {
    if (node.type !== CONDITION) continue;
    const rules = (node.data as ConditionData).rules ?? [];
    rules.forEach((rule, i) => {
      if (rule.op === "matches" && typeof rule.value === "string" && rule.value.length > MAX_PATTERN_LENGTH) {
        const message = msg("approvals.pattern_too_long", { rule: i + 1, max: MAX_PATTERN_LENGTH });
        issues.push({ code: "approvals.pattern_too_long", message, nodeId: node.id });
      }
    });
  }
  if (issues.length > 0) return issues;
  // Walk from the start through nodes that decide nothing: reaching an end means a route with no approver.
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const next = new Map<string, string[]>();
  for (const e of graph.edges) next.set(e.source, [...(next.get(e.source) ?? []), e.target]);
  const start = graph.nodes.find((n) => n.type === START);
  const queue = start ? [start.id] : [];
  const seen = new Set(queue);
  for (let i = 0; i < queue.length; i++) {
    const node = byId.get(queue[i] as string);
    if (!node || deciding(node)) continue;
    if (node.type === END) {
      const message = msg("approvals.route_without_level");
      return [{ code: "approvals.route_without_level", message, nodeId: node.id }];
    }
    for (const to of next.get(node.id) ?? [])
      if (!seen.has(to)) {
        seen.add(to);
        queue.push(to);
      }
  }
  return issues;
}

/** A level on an order's route: the level as it was, and the node it came from. */
export type RoutedLevel = FlowLevel & { nodeId: string };
/** Which rule of a condition an order took: its index in `rules` (0-based), or "default". */
export type ConditionChoice = { nodeId: string; rule: number | "default" };

/** What an order carries, as a route reads it. */
export type OrderFacts = {
  environmentId: string;
  purposeId: string;
  templateId: string;
  requesterRole: string;
  values: Record<string, string | string[]>;
};

/**
 * The route values of an order: its environment and purpose category ids, its template id, the
 * requester's role key, and its variables. A multi-value variable reads as its chosen values
 * joined with "," in the order chosen ("web1,web2"): `eq` compares the whole list, `matches` can
 * look inside it (`(.*,)?web1(,.*)?`). An empty choice is no value (a rule on it does not hold).
 */
export function orderRouteValues(order: OrderFacts): RouteValues {
  return {
    environment: order.environmentId,
    purpose: order.purposeId,
    template: order.templateId,
    requesterRole: order.requesterRole,
    variables: routeVariables(order.values),
  };
}

/** Variables as a route reads them: a list joined with ",", an empty value left out. */
export function routeVariables(values: Record<string, string | string[]>): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    const joined = Array.isArray(value) ? value.join(",") : value;
    if (joined !== "") variables[name] = joined;
  }
  return variables;
}

/**
 * The route these values take through a valid flow: the node ids from start to end, the levels
 * on it in order (what the order pins), and the rule each condition on the way took. Values
 * longer than `MAX_MATCHED_VALUE` are cut before a rule reads them.
 */
export function routeLevels(
  graph: ApprovalGraph,
  values: RouteValues,
): { path: string[]; levels: RoutedLevel[]; conditions: ConditionChoice[] } {
  const cut = (v: string | undefined) => (v === undefined ? v : v.slice(0, MAX_MATCHED_VALUE));
  const safe: RouteValues = {
    environment: cut(values.environment),
    purpose: cut(values.purpose),
    template: cut(values.template),
    requesterRole: cut(values.requesterRole),
    variables: Object.fromEntries(Object.entries(values.variables ?? {}).map(([k, v]) => [k, cut(v)])),
  };
  const path = routePath(graph, approvalRegistry, safe);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const levels: RoutedLevel[] = [];
  const conditions: ConditionChoice[] = [];
  for (const id of path) {
    const node = byId.get(id);
    if (node && isLevel(node)) levels.push({ ...node.data, nodeId: node.id });
    if (node?.type === CONDITION)
      conditions.push({ nodeId: id, rule: chooseRule(node.data as ConditionData, safe) ?? "default" });
  }
  return { path, levels, conditions };
}

/** A step of a route as people read it: a level by its name, a condition by the rule it took. */
export type RouteStep = { nodeId: string; type: string; name: string };
/** A condition's choice with its rule told for people ("PROD", "≠ PROD"; "" for the default). */
export type RouteChoice = ConditionChoice & { label: string };
/** A level of a previewed route, with the members who would be asked. */
export type PreviewLevel = {
  nodeId: string;
  name: string;
  kind: FlowLevel["kind"];
  timeoutHours: number | null;
  approvers: { userId: string; name: string }[];
};
/**
 * A route preview (previewRoute, previewOrderRoute): the flow version it read (null = a draft or
 * an unsaved graph), the steps from start to end, the levels with their approvers, and the rule
 * each condition on the way took.
 */
export type RoutePreview = {
  version: number | null;
  path: RouteStep[];
  levels: PreviewLevel[];
  conditions: RouteChoice[];
};
/** What an order pins as `work_orders.route`: the node ids, and each condition's choice. */
export type PinnedRoute = { path: string[]; conditions: ConditionChoice[] };
