import { describe, expect, it } from "vitest";
import { autoLayout, stableSerialize } from "@/lib/graph/layout";
import type { Graph, GraphNode } from "@/lib/graph/types";
import { chain, prodRoute } from "./graph-fixtures";

const at = (g: Graph) => Object.fromEntries(g.nodes.map((n) => [n.id, n.position]));

describe("autoLayout", () => {
  it("places a chain top to bottom by default, left to right on request, at integer positions", () => {
    const tb = at(autoLayout(chain()));
    expect(tb.start?.x).toBe(tb.a?.x);
    expect(tb.a?.x).toBe(tb.end?.x);
    expect((tb.start?.y ?? 0) < (tb.a?.y ?? 0) && (tb.a?.y ?? 0) < (tb.end?.y ?? 0)).toBe(true);
    const lr = at(autoLayout(chain(), { direction: "LR" }));
    expect(lr.start?.y).toBe(lr.end?.y);
    expect((lr.start?.x ?? 0) < (lr.a?.x ?? 0) && (lr.a?.x ?? 0) < (lr.end?.x ?? 0)).toBe(true);
    const odd = autoLayout(prodRoute(), { nodeWidth: 177, nodeHeight: 51, nodeSep: 33, rankSep: 47 });
    for (const n of odd.nodes)
      expect(Number.isInteger(n.position.x) && Number.isInteger(n.position.y), n.id).toBe(true);
  });

  it("moves only the nodes not placed by hand", () => {
    const g = prodRoute();
    const pinned: GraphNode = { ...(g.nodes[2] as GraphNode), pinned: true, position: { x: 1234.5, y: -7 } };
    g.nodes[2] = pinned;
    const laid = autoLayout(g);
    expect(laid.nodes[2]).toBe(pinned);
    expect(laid.nodes.filter((n) => !n.pinned).every((n, i) => n !== g.nodes.filter((m) => !m.pinned)[i])).toBe(true);
    expect(laid.edges).toBe(g.edges);
    expect(laid.nodes.map((n) => n.id)).toEqual(g.nodes.map((n) => n.id));
  });

  it("is stable: the same graph in another order gets the same places, and a second pass moves nothing", () => {
    const g = prodRoute();
    const once = autoLayout(g);
    const shuffled = autoLayout({ nodes: [...g.nodes].reverse(), edges: [...g.edges].reverse() });
    expect(at(shuffled)).toEqual(at(once));
    const twice = autoLayout(once);
    twice.nodes.forEach((n, i) => {
      expect(n).toBe(once.nodes[i]);
    });
  });

  it("uses measured sizes when it has them", () => {
    const g = chain();
    const wide = autoLayout(g, { sizes: new Map([["a", { width: 600, height: 64 }]]) });
    expect(at(wide).a?.x).toBe((at(wide).start?.x ?? 0) - 200);
  });
});

describe("stableSerialize", () => {
  it("opening and saving without a change stores the same bytes", () => {
    const text = stableSerialize(autoLayout(prodRoute()));
    expect(stableSerialize(JSON.parse(text))).toBe(text);
  });

  it("does not depend on node, edge or key order", () => {
    const g = prodRoute();
    const reordered: Graph = {
      edges: [...g.edges].reverse().map(({ target, id, source }) => ({ target, source, id })),
      nodes: [...g.nodes]
        .reverse()
        .map(({ data, position, type, id }) => ({ data, type, position: { y: position.y, x: position.x }, id })),
    };
    expect(stableSerialize(reordered)).toBe(stableSerialize(g));
    expect(stableSerialize(g).indexOf('"board"')).toBeLessThan(stableSerialize(g).indexOf('"end"'));
  });

  it("keeps the stored fields only: the canvas's selection, measures and empty handles are dropped, rule order is kept", () => {
    const g = prodRoute();
    const decorated = {
      nodes: g.nodes.map((n) => ({ ...n, selected: true, measured: { width: 1, height: 2 }, pinned: false })),
      edges: g.edges.map((e) => ({ ...e, sourceHandle: null as unknown as undefined, animated: true })),
    } as Graph;
    expect(stableSerialize(decorated)).toBe(stableSerialize(g));
    const parsed = JSON.parse(stableSerialize(g));
    expect(Object.keys(parsed)).toEqual(["edges", "nodes"]);
    expect(Object.keys(parsed.nodes[0])).toEqual(["data", "id", "position", "type"]);
    const rules = [
      { field: "purpose", op: "eq", value: "b", edge: "x" },
      { field: "environment", op: "eq", value: "a", edge: "y" },
    ];
    const withRules: Graph = {
      nodes: [{ id: "c", type: "condition", position: { x: 0, y: 0 }, data: { rules, defaultEdge: null } }],
      edges: [],
    };
    const stored = JSON.parse(stableSerialize(withRules)).nodes[0].data.rules;
    expect(stored.map((r: { value: string }) => r.value)).toEqual(["b", "a"]);
    expect(Object.keys(stored[0])).toEqual(["edge", "field", "op", "value"]);
    expect(stableSerialize({ nodes: [{ ...(withRules.nodes[0] as GraphNode), pinned: true }], edges: [] })).toContain(
      '"pinned":true',
    );
  });
});
