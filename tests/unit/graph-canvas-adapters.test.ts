/**
 * The graph model as React Flow's nodes and edges and back (components/graph/adapters.ts): what is
 * stored never picks up what React Flow adds, and unchanged nodes keep their objects (so memoised
 * nodes do not re-render during another node's drag).
 */
import type { Edge, Node } from "@xyflow/react";
import { describe, expect, test } from "vitest";
import { createFlowCache, fromFlow, fromFlowNode, toFlowEdges, toFlowNodes } from "@/components/graph/adapters";
import { stableSerialize } from "@/lib/graph/layout";
import type { Graph } from "@/lib/graph/types";
import { prodRoute } from "./graph-fixtures";

const withHandles = (): Graph => {
  const g = prodRoute();
  return {
    nodes: g.nodes.map((n, i) => (i === 2 ? { ...n, pinned: true } : n)),
    edges: g.edges.map((e, i) => (i === 0 ? { ...e, sourceHandle: "out", targetHandle: "in" } : e)),
  };
};

/** What React Flow puts on the nodes and edges it hands back. */
function decorate(nodes: Node[], edges: Edge[]): [Node[], Edge[]] {
  return [
    nodes.map((n) => ({
      ...n,
      measured: { width: 200, height: 58 },
      selected: true,
      dragging: false,
      width: 200,
      height: 58,
      internals: { z: 1 },
    })) as Node[],
    edges.map((e) => ({ ...e, selected: true, animated: false, sourceHandle: e.sourceHandle ?? null })),
  ];
}

describe("React Flow conversion", () => {
  test("round-trips byte-identically, in stored form and in plain JSON, whatever React Flow added", () => {
    const g = withHandles();
    const cache = createFlowCache();
    const nodes = toFlowNodes(g, new Set(["env"]), new Map([["env", { width: 200, height: 58 }]]), cache);
    const edges = toFlowEdges(g, new Set(), () => null, cache);
    const [decoratedNodes, decoratedEdges] = decorate(nodes, edges);
    const back = fromFlow(decoratedNodes, decoratedEdges);
    expect(stableSerialize(back)).toBe(stableSerialize(g));
    expect(JSON.stringify(back)).toBe(JSON.stringify(g));
    // The same objects, even: nothing was rebuilt.
    expect(back.nodes[1]).toBe(g.nodes[1]);
    expect(back.edges[0]).toBe(g.edges[0]);
  });

  test("edges without handles go to React Flow as null handles and come back without the keys", () => {
    const g = prodRoute();
    const edges = toFlowEdges(g, new Set(), () => null, createFlowCache());
    expect(edges[1]).toMatchObject({ sourceHandle: null, targetHandle: null });
    const back = fromFlow(
      [],
      edges.map(({ data: _, ...e }) => e),
    );
    expect(back.edges[1]).toEqual(g.edges[1]);
    expect(Object.keys(back.edges[1] ?? {})).toEqual(["id", "source", "target"]);
  });

  test("a node moved by React Flow comes back at integer positions, the rest unchanged", () => {
    const g = prodRoute();
    const [first] = toFlowNodes(g, new Set(), new Map(), createFlowCache());
    const moved = fromFlowNode({ ...(first as Node), position: { x: 12.6, y: -3.2 } });
    expect(moved).toEqual({ ...g.nodes[0], position: { x: 13, y: -3 } });
  });

  test("an unchanged node keeps its React Flow object when another one changes", () => {
    const g = prodRoute();
    const cache = createFlowCache();
    const before = toFlowNodes(g, new Set(), new Map(), cache);
    const next: Graph = {
      ...g,
      nodes: g.nodes.map((n) => (n.id === "board" ? { ...n, position: { x: 48, y: 48 } } : n)),
    };
    const after = toFlowNodes(next, new Set(), new Map(), cache);
    const changed = after.filter((n, i) => n !== before[i]).map((n) => n.id);
    expect(changed).toEqual(["board"]);
    // Selection and a measured size are changes of their node only.
    const selected = toFlowNodes(next, new Set(["lead"]), new Map(), cache);
    expect(selected.filter((n, i) => n !== after[i]).map((n) => n.id)).toEqual(["lead"]);
    expect(selected.find((n) => n.id === "lead")?.selected).toBe(true);
  });

  test("labels reach the edge, and a new label is a new edge object", () => {
    const g = prodRoute();
    const cache = createFlowCache();
    const plain = toFlowEdges(g, new Set(), () => null, cache);
    const labelled = toFlowEdges(g, new Set(), (e) => (e.id === "env>board" ? "PROD" : null), cache);
    expect(labelled.find((e) => e.id === "env>board")?.label).toBe("PROD");
    expect(labelled.filter((e, i) => e !== plain[i]).map((e) => e.id)).toEqual(["env>board"]);
  });
});
