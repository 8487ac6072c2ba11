/**
 * Condition routing: which way an order goes through a graph. A condition node's rules are tried
 * in order and the first that matches picks the edge; none matching takes the default edge.
 * Evaluated once, at submit, by the engine; the same function previews the path in the editor.
 */
import { msg, parseMsg } from "@/lib/i18n/message";
import type { ConditionData, ConditionRule, Graph, GraphEdge, NodeTypeRegistry } from "./types";
import { compilePattern } from "./validate";

/** What an order carries that a condition can read. */
export type RouteValues = {
  environment?: string;
  purpose?: string;
  template?: string;
  requesterRole?: string;
  variables?: Record<string, string | undefined>;
};

/** The order's value a rule reads (undefined when the order does not carry it). */
function orderValue(rule: ConditionRule, values: RouteValues): string | undefined {
  if (rule.field === "variable") return rule.variable ? values.variables?.[rule.variable] : undefined;
  return values[rule.field];
}

/**
 * Whether a rule matches. A missing value equals nothing: `eq`, `in` and `matches` fail, `neq`
 * holds. `matches` must match the whole value; a pattern that does not compile matches nothing.
 */
export function ruleMatches(rule: ConditionRule, values: RouteValues): boolean {
  const actual = orderValue(rule, values);
  const list = Array.isArray(rule.value) ? rule.value : [rule.value];
  switch (rule.op) {
    case "eq":
      return actual !== undefined && actual === list[0];
    case "neq":
      return actual === undefined || actual !== list[0];
    case "in":
      return actual !== undefined && list.includes(actual);
    case "matches": {
      const pattern = typeof rule.value === "string" ? compilePattern(rule.value) : null;
      return actual !== undefined && (pattern?.test(actual) ?? false);
    }
  }
}

/** The index of the first rule of a condition these values match, or null (they take the default). */
export function chooseRule(data: ConditionData, values: RouteValues): number | null {
  const i = data.rules.findIndex((rule) => ruleMatches(rule, values));
  return i === -1 ? null : i;
}

/** The edge a condition sends these values along: the first matching rule's, else the default. */
export function chooseEdge(data: ConditionData, values: RouteValues): string | null {
  const i = chooseRule(data, values);
  return i === null ? data.defaultEdge : (data.rules[i] as ConditionRule).edge;
}

/** A graph the route cannot walk (validateGraph would have refused it): `code` and the node. */
export class RouteError extends Error {
  readonly code: string;
  constructor(
    message: string,
    readonly nodeId: string,
  ) {
    super(message);
    this.code = parseMsg(message)?.code ?? message;
  }
}

/**
 * The ordered node ids from the start to an end for these values. Expects a valid graph; one that
 * is not (no start, a node with no single way on, a loop) throws a RouteError.
 */
export function routePath(graph: Graph, registry: NodeTypeRegistry, values: RouteValues): string[] {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const leaving = new Map<string, GraphEdge[]>();
  for (const edge of graph.edges) {
    const list = leaving.get(edge.source);
    if (list) list.push(edge);
    else leaving.set(edge.source, [edge]);
  }
  const start = graph.nodes.find((n) => registry.get(n.type)?.role === "start");
  if (!start) throw new RouteError(msg("graph.no_start"), "");
  const path: string[] = [];
  const passed = new Set<string>();
  let node = start;
  for (;;) {
    if (passed.has(node.id)) throw new RouteError(msg("graph.route_loop"), node.id);
    passed.add(node.id);
    path.push(node.id);
    const role = registry.get(node.type)?.role;
    if (role === "end") return path;
    const edges = leaving.get(node.id) ?? [];
    let edge: GraphEdge | undefined;
    if (role === "condition") {
      const chosen = chooseEdge(node.data as ConditionData, values);
      edge = edges.find((e) => e.id === chosen);
    } else if (edges.length === 1) edge = edges[0];
    const next = edge && nodes.get(edge.target);
    if (!next) throw new RouteError(msg("graph.route_stuck"), node.id);
    node = next;
  }
}
