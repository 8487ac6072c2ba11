import { describe, expect, test } from "vitest";
import { type FlowLevel, graphToLevels, levelsToGraph } from "@/lib/approvals/flow";

const level = (name: string, kind: FlowLevel["kind"] = "single"): FlowLevel => ({
  name,
  kind,
  users: ["u1"],
  roles: [],
  timeoutHours: null,
});

describe("approval flow graphs", () => {
  test("levels round-trip through the nodes/edges graph in order", () => {
    const levels = [level("Leads", "countersign"), level("Ops"), level("FYI", "cc")];
    expect(graphToLevels(levelsToGraph(levels))).toEqual(levels);
  });

  test("cycles, dangling edges, disconnected steps and duplicate ids are refused", () => {
    const g = levelsToGraph([level("A"), level("B")]);
    expect(() =>
      graphToLevels({ ...g, edges: [...g.edges.slice(0, 2), { id: "x", source: "level-2", target: "level-1" }] }),
    ).toThrow(/loops back|one next step/);
    expect(() => graphToLevels({ ...g, edges: [...g.edges, { id: "y", source: "end", target: "ghost" }] })).toThrow(
      /does not exist/,
    );
    expect(() => graphToLevels({ ...g, edges: g.edges.filter((e) => e.target !== "end") })).toThrow(
      /does not reach its end/,
    );
    expect(() =>
      graphToLevels({
        ...g,
        nodes: [...g.nodes, { id: "stray", type: "approval", position: { x: 0, y: 0 }, data: level("S") }],
      }),
    ).toThrow(/not connected/);
    expect(() => graphToLevels({ ...g, nodes: [...g.nodes, g.nodes[1] as never] })).toThrow(/share the id/);
  });

  test("a flow of only CC levels decides nothing and is refused", () => {
    expect(() => graphToLevels(levelsToGraph([level("FYI", "cc")]))).toThrow(/decides/);
    expect(() => graphToLevels(levelsToGraph([]))).toThrow(/at least one/);
  });
});
