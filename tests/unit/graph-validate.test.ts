import { describe, expect, it } from "vitest";
import { approversIssue, type FlowLevel, levelsToGraph } from "@/lib/approvals/flow";
import { routePath } from "@/lib/graph/route";
import { createRegistry, type Graph, type GraphEdge, type GraphNode } from "@/lib/graph/types";
import { canConnect, validateGraph } from "@/lib/graph/validate";
import { parseMsg } from "@/lib/i18n/message";
import { approval, chain, connectFixtures, end, invalidFixtures, prodRoute, registry, start } from "./graph-fixtures";

const codes = (graph: Graph) => [...new Set(validateGraph(graph, registry).map((i) => i.code))].sort();

describe("validateGraph", () => {
  it("accepts a valid chain and a valid conditional route", () => {
    expect(validateGraph(chain(), registry)).toEqual([]);
    expect(validateGraph(prodRoute(), registry)).toEqual([]);
  });

  it.each(invalidFixtures().map((f) => [f.rule, f] as const))("refuses a graph that breaks: %s", (_, fixture) => {
    expect(codes(fixture.graph)).toEqual(fixture.codes);
  });

  it("says where: the node or the edge, and a message that is the code with its parameters", () => {
    const [dup] = invalidFixtures();
    const issues = validateGraph(dup?.graph as Graph, registry);
    expect(issues).toEqual([expect.objectContaining({ code: "graph.duplicate_node_id", nodeId: "a" })]);
    expect(parseMsg(issues[0]?.message)).toEqual({ code: "graph.duplicate_node_id", params: { id: "a" } });
    const cycle = invalidFixtures().find((f) => f.rule === "no cycles") as { graph: Graph };
    expect(
      validateGraph(cycle.graph, registry)
        .filter((i) => i.code === "graph.cycle")
        .map((i) => i.nodeId),
    ).toEqual(["c", "a"]);
    const ghost = invalidFixtures().find((f) => f.rule === "edges between existing nodes") as { graph: Graph };
    expect(validateGraph(ghost.graph, registry)).toEqual([expect.objectContaining({ edgeId: "a>ghost" })]);
  });

  it("does not depend on the order of nodes and edges", () => {
    for (const fixture of invalidFixtures()) {
      const reversed = { nodes: [...fixture.graph.nodes].reverse(), edges: fixture.graph.edges };
      if (fixture.rule.startsWith("unique")) continue; // which twin is "the second" is order itself
      expect(codes(reversed), fixture.rule).toEqual(fixture.codes);
    }
  });

  /** A chain of n approvals with a side branch every 10 nodes, all valid. */
  function big(n: number): Graph {
    const nodes: GraphNode[] = [start(), end()];
    const edges: GraphEdge[] = [];
    let previous = "start";
    for (let i = 0; i < n; i++) {
      nodes.push(approval(`n${i}`));
      edges.push({ id: `e${i}`, source: previous, target: `n${i}` });
      previous = `n${i}`;
    }
    edges.push({ id: "last", source: previous, target: "end" });
    return { nodes, edges };
  }

  it("walks deep graphs without recursion (20,000 nodes in a chain)", () => {
    expect(validateGraph(big(20_000), registry)).toEqual([]);
  });

  it("is linear: 1,000 nodes take a few milliseconds, and 16× the nodes not much more than 16× the time", () => {
    // CPU time of this process (not wall time: the box is shared), median of 7.
    const time = (graph: Graph) => {
      const runs: number[] = [];
      for (let i = 0; i < 7; i++) {
        const t0 = process.cpuUsage();
        validateGraph(graph, registry);
        const used = process.cpuUsage(t0);
        runs.push((used.user + used.system) / 1000);
      }
      return runs.sort((a, b) => a - b)[3] as number;
    };
    const small = big(1_000);
    const large = big(16_000);
    time(small);
    const t1 = time(small);
    const t16 = time(large);
    // The target is ≤ 20 ms on 1,000 nodes (bench/graph-core.ts measures it); this only guards
    // against a quadratic step, which would take 256× for 16× the nodes.
    expect(t1).toBeLessThan(50);
    expect(t16).toBeLessThan(Math.max(64 * t1, 500));
  });
});

describe("today's approval flows", () => {
  it("a chain made by the form editor (levelsToGraph) is a valid graph, and its route is the chain", () => {
    const level = (name: string): FlowLevel => ({ name, kind: "single", users: ["u1"], roles: [], timeoutHours: null });
    const flow = levelsToGraph([level("Lead"), level("Board")]);
    // The chain's start and end carry no data; the graph model gives every node some.
    const asGraph: Graph = { nodes: flow.nodes.map((n) => ({ data: {}, ...n })), edges: flow.edges };
    const approvals = createRegistry([
      ...[...registry.values()].filter((s) => s.kind !== "approval"),
      {
        kind: "approval",
        inputs: [{ id: "in", type: "flow" }],
        outputs: [{ id: "out", type: "flow" }],
        minIn: 1,
        minOut: 1,
        maxOut: 1,
        isComplete: (data) => approversIssue(data as FlowLevel) === null,
      },
    ]);
    expect(validateGraph(asGraph, approvals)).toEqual([]);
    expect(routePath(asGraph, approvals, {})).toEqual(["start", "level-1", "level-2", "end"]);
    const noApprover = {
      ...asGraph,
      nodes: asGraph.nodes.map((n) => (n.id === "level-2" ? { ...n, data: { ...level("x"), users: [] } } : n)),
    };
    expect(validateGraph(noApprover, approvals)).toEqual([
      expect.objectContaining({ code: "graph.incomplete", nodeId: "level-2" }),
    ]);
  });
});

describe("canConnect", () => {
  it.each(connectFixtures().map((f) => [f.refused, f] as const))("refuses %s", (_, fixture) => {
    const reason = canConnect(fixture.graph, registry, fixture.connection);
    expect(reason === null ? null : parseMsg(reason)?.code).toBe(fixture.code);
  });

  it("agrees with validateGraph: an allowed edge keeps a valid graph valid, a refused one makes it invalid", () => {
    const g = prodRoute();
    // board → end would give board two ways out.
    expect(parseMsg(canConnect(g, registry, { source: "board", target: "end" }))?.code).toBe("graph.too_many_outputs");
    expect(codes({ ...g, edges: [...g.edges, { id: "x", source: "board", target: "end" }] })).toEqual([
      "graph.too_many_outputs",
    ]);
    // env → end: allowed, and the graph stays valid.
    expect(canConnect(g, registry, { source: "env", target: "end" })).toBeNull();
    expect(codes({ ...g, edges: [...g.edges, { id: "x", source: "env", target: "end" }] })).toEqual([]);
    // lead → env: a cycle both ways.
    expect(parseMsg(canConnect(g, registry, { source: "lead", target: "env" }))?.code).toBe("graph.too_many_outputs");
  });

  it("takes React Flow's null handles as the default handle", () => {
    const g = chain();
    expect(
      parseMsg(canConnect(g, registry, { source: "start", target: "a", sourceHandle: null, targetHandle: "in" }))?.code,
    ).toBe("graph.duplicate_edge");
  });
});
