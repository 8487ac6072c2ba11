/**
 * Graphs for the graph core's tests: a small approval-like registry, a valid graph, and one graph
 * per rule that fails it, with the exact codes it must be refused with. Shared so the browser
 * check and the server check can be proven to refuse the same fixtures identically.
 */
import {
  type ConditionData,
  type ConditionRule,
  type Connection,
  createRegistry,
  type Graph,
  type GraphEdge,
  type GraphNode,
} from "@/lib/graph/types";

type Approver = { approvers: string[] };

export const registry = createRegistry([
  { kind: "start", role: "start", inputs: [], outputs: [{ id: "out", type: "flow" }], maxIn: 0, minOut: 1, maxOut: 1 },
  { kind: "end", role: "end", inputs: [{ id: "in", type: "flow" }], outputs: [], minIn: 1, maxOut: 0 },
  {
    kind: "approval",
    inputs: [{ id: "in", type: "flow" }],
    outputs: [{ id: "out", type: "flow" }],
    minIn: 1,
    minOut: 1,
    maxOut: 1,
    isComplete: (data) => ((data as Approver | undefined)?.approvers.length ?? 0) > 0,
  },
  {
    kind: "condition",
    role: "condition",
    inputs: [{ id: "in", type: "flow" }],
    outputs: [{ id: "out", type: "flow" }],
    minIn: 1,
    minOut: 1,
  },
  // A node whose output carries data, not the flow: it cannot feed an approval.
  {
    kind: "emit",
    inputs: [{ id: "in", type: "flow" }],
    outputs: [
      { id: "value", type: "data" },
      { id: "next", type: "flow" },
    ],
    minIn: 1,
  },
  // Accepts anything.
  { kind: "sink", role: "end", inputs: [{ id: "in", type: "any" }], outputs: [], minIn: 1, maxOut: 0 },
]);

let position = 0;
export const start = (id = "start"): GraphNode => ({ id, type: "start", position: { x: 0, y: position++ }, data: {} });
export const end = (id = "end"): GraphNode => ({ id, type: "end", position: { x: 0, y: position++ }, data: {} });
export const approval = (id: string, approvers = ["u1"]): GraphNode<Approver> => ({
  id,
  type: "approval",
  position: { x: 0, y: position++ },
  data: { approvers },
});
export const condition = (
  id: string,
  rules: ConditionRule[],
  defaultEdge: string | null,
): GraphNode<ConditionData> => ({
  id,
  type: "condition",
  position: { x: 0, y: position++ },
  data: { rules, defaultEdge },
});
export const edge = (source: string, target: string, id = `${source}>${target}`, more: Partial<GraphEdge> = {}) => ({
  id,
  source,
  target,
  ...more,
});
export const graph = (nodes: GraphNode<unknown>[], edges: GraphEdge[]): Graph => ({ nodes, edges });

/** start → a → end */
export const chain = () => graph([start(), approval("a"), end()], [edge("start", "a"), edge("a", "end")]);

/**
 * PROD orders go through the change board, then the team lead; everything else to the lead only:
 * start → env? → (environment = PROD) board → lead → end; default → lead.
 */
export const prodRoute = () =>
  graph(
    [
      start(),
      condition("env", [{ field: "environment", op: "eq", value: "PROD", edge: "env>board" }], "env>lead"),
      approval("board"),
      approval("lead"),
      end(),
    ],
    [edge("start", "env"), edge("env", "board"), edge("env", "lead"), edge("board", "lead"), edge("lead", "end")],
  );

export type InvalidFixture = { rule: string; graph: Graph; codes: string[] };

/** One graph per rule, and every code validateGraph must report for it (sorted, each once). */
export const invalidFixtures = (): InvalidFixture[] => [
  {
    rule: "unique node ids",
    graph: graph([start(), approval("a"), approval("a"), end()], [edge("start", "a"), edge("a", "end")]),
    codes: ["graph.duplicate_node_id"],
  },
  {
    rule: "unique edge ids",
    graph: graph(
      [start(), approval("a"), end()],
      [edge("start", "a", "e1"), edge("start", "a", "e1"), edge("a", "end")],
    ),
    codes: ["graph.duplicate_edge_id"],
  },
  {
    rule: "known node types",
    graph: graph(
      [start(), { id: "x", type: "mystery", position: { x: 0, y: 0 }, data: {} }, end()],
      [edge("start", "x"), edge("x", "end")],
    ),
    codes: ["graph.unknown_node_type"],
  },
  {
    rule: "exactly one start (none)",
    graph: graph([approval("a"), end()], [edge("a", "end")]),
    codes: ["graph.no_start", "graph.too_few_inputs"],
  },
  {
    rule: "exactly one start (two)",
    graph: graph(
      [start(), start("start2"), approval("a"), end()],
      [edge("start", "a"), edge("start2", "a"), edge("a", "end")],
    ),
    codes: ["graph.many_starts"],
  },
  {
    rule: "at least one end",
    graph: graph([start(), approval("a")], [edge("start", "a")]),
    codes: ["graph.no_end", "graph.too_few_outputs"],
  },
  {
    rule: "every node reachable from the start",
    graph: graph(
      [start(), condition("c", [], "c>end"), approval("a"), end()],
      [edge("start", "c"), edge("c", "end"), edge("a", "end")],
    ),
    codes: ["graph.too_few_inputs", "graph.unreachable"],
  },
  {
    rule: "every node reaches an end",
    graph: graph(
      [
        start(),
        condition("c", [{ field: "environment", op: "eq", value: "PROD", edge: "c>x" }], "c>end"),
        condition("x", [], null),
        end(),
      ],
      [edge("start", "c"), edge("c", "end"), edge("c", "x")],
    ),
    codes: ["graph.dead_end", "graph.no_default_route", "graph.too_few_outputs"],
  },
  {
    rule: "no cycles",
    graph: graph(
      [
        start(),
        condition("c", [{ field: "purpose", op: "eq", value: "fix", edge: "c>a" }], "c>end"),
        approval("a"),
        end(),
      ],
      [edge("start", "c"), edge("c", "a"), edge("a", "c"), edge("c", "end")],
    ),
    codes: ["graph.cycle"],
  },
  {
    rule: "no self-loop",
    graph: graph([start(), condition("c", [], "c>end"), end()], [edge("start", "c"), edge("c", "c"), edge("c", "end")]),
    codes: ["graph.self_loop"],
  },
  {
    rule: "edges between existing nodes",
    graph: graph([start(), approval("a"), end()], [edge("start", "a"), edge("a", "end"), edge("a", "ghost")]),
    codes: ["graph.edge_unknown_node"],
  },
  {
    rule: "handles that exist",
    graph: graph(
      [start(), approval("a"), end()],
      [edge("start", "a", undefined, { sourceHandle: "nope" }), edge("a", "end")],
    ),
    codes: ["graph.unknown_handle"],
  },
  {
    rule: "handles whose types fit",
    graph: graph(
      [start(), { id: "x", type: "emit", position: { x: 0, y: 0 }, data: {} }, approval("a"), end()],
      [edge("start", "x"), edge("x", "a", undefined, { sourceHandle: "value" }), edge("a", "end")],
    ),
    codes: ["graph.handle_mismatch"],
  },
  {
    rule: "nothing leaves an end",
    graph: graph(
      [start(), approval("a"), end(), end("end2")],
      [edge("start", "a"), edge("a", "end"), edge("end", "end2")],
    ),
    codes: ["graph.no_outputs", "graph.too_many_outputs"],
  },
  {
    rule: "one connection per pair of handles",
    graph: graph(
      [start(), condition("c", [], "c>end"), end()],
      [edge("start", "c"), edge("c", "end"), edge("c", "end", "again")],
    ),
    codes: ["graph.duplicate_edge"],
  },
  {
    rule: "degree limits",
    graph: graph(
      [start(), approval("a"), end(), end("end2")],
      [edge("start", "a"), edge("a", "end"), edge("a", "end2")],
    ),
    codes: ["graph.too_many_outputs"],
  },
  {
    rule: "every condition has a default route",
    graph: graph(
      [start(), condition("c", [{ field: "environment", op: "eq", value: "PROD", edge: "c>end" }], null), end()],
      [edge("start", "c"), edge("c", "end")],
    ),
    codes: ["graph.no_default_route"],
  },
  {
    rule: "a default route leaves its condition",
    graph: graph([start(), condition("c", [], "start>c"), end()], [edge("start", "c"), edge("c", "end")]),
    codes: ["graph.route_edge_unknown"],
  },
  {
    rule: "a rule leaves by its condition's edges",
    graph: graph(
      [start(), condition("c", [{ field: "environment", op: "eq", value: "PROD", edge: "nowhere" }], "c>end"), end()],
      [edge("start", "c"), edge("c", "end")],
    ),
    codes: ["graph.rule_edge_unknown"],
  },
  {
    rule: "a variable rule names its variable",
    graph: graph(
      [start(), condition("c", [{ field: "variable", op: "eq", value: "1", edge: "c>end" }], "c>end"), end()],
      [edge("start", "c"), edge("c", "end")],
    ),
    codes: ["graph.rule_no_variable"],
  },
  {
    rule: "a pattern compiles",
    graph: graph(
      [
        start(),
        condition("c", [{ field: "template", op: "matches", value: "deploy-(", edge: "c>end" }], "c>end"),
        end(),
      ],
      [edge("start", "c"), edge("c", "end")],
    ),
    codes: ["graph.rule_bad_pattern"],
  },
  {
    rule: "an in-rule has values",
    graph: graph(
      [start(), condition("c", [{ field: "purpose", op: "in", value: [], edge: "c>end" }], "c>end"), end()],
      [edge("start", "c"), edge("c", "end")],
    ),
    codes: ["graph.rule_empty_list"],
  },
  {
    rule: "complete nodes",
    graph: graph([start(), approval("a", []), end()], [edge("start", "a"), edge("a", "end")]),
    codes: ["graph.incomplete"],
  },
];

export type ConnectFixture = { refused: string; graph: Graph; connection: Connection; code: string | null };

/** Connections drawn on a graph, and the one reason each is refused (null: allowed). */
export const connectFixtures = (): ConnectFixture[] => {
  const open = () =>
    graph(
      [
        start(),
        condition("c", [], "c>end"),
        approval("a"),
        approval("b"),
        end(),
        { id: "x", type: "emit", position: { x: 0, y: 0 }, data: {} },
      ],
      [edge("start", "c"), edge("c", "end"), edge("c", "a"), edge("a", "b")],
    );
  return [
    { refused: "nothing (allowed)", graph: open(), connection: { source: "b", target: "end" }, code: null },
    { refused: "a self-loop", graph: open(), connection: { source: "a", target: "a" }, code: "graph.self_loop" },
    { refused: "a cycle", graph: open(), connection: { source: "b", target: "c" }, code: "graph.cycle" },
    {
      refused: "a handle type mismatch",
      graph: open(),
      connection: { source: "x", target: "b", sourceHandle: "value", targetHandle: "in" },
      code: "graph.handle_mismatch",
    },
    {
      refused: "an unknown handle",
      graph: open(),
      connection: { source: "b", target: "end", targetHandle: "side" },
      code: "graph.unknown_handle",
    },
    {
      refused: "a duplicate edge",
      graph: open(),
      connection: { source: "c", target: "a" },
      code: "graph.duplicate_edge",
    },
    {
      refused: "the degree limit",
      graph: open(),
      connection: { source: "a", target: "end" },
      code: "graph.too_many_outputs",
    },
    {
      refused: "an edge into the start",
      graph: open(),
      connection: { source: "b", target: "start" },
      code: "graph.no_inputs",
    },
    {
      refused: "an edge out of an end",
      graph: open(),
      connection: { source: "end", target: "b" },
      code: "graph.no_outputs",
    },
    {
      refused: "an unknown node",
      graph: open(),
      connection: { source: "b", target: "ghost" },
      code: "graph.edge_unknown_node",
    },
  ];
};
