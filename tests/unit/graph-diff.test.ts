import { describe, expect, test } from "vitest";
import { levelsToGraph } from "@/lib/approvals/flow";
import { diffGraphs, isEmptyDiff } from "@/lib/graph/diff";
import type { Graph } from "@/lib/graph/types";

const lead = { name: "Lead", kind: "single" as const, users: ["u1"], roles: [], timeoutHours: null };
const ops = { name: "Ops", kind: "countersign" as const, users: ["u2", "u3"], roles: [], timeoutHours: 24 };
const v1 = levelsToGraph([lead, ops]) as Graph;

/** A deep copy to edit (the diff must not care that objects are new). */
const copy = (g: Graph): Graph => JSON.parse(JSON.stringify(g));

describe("diffGraphs", () => {
  test("the same graph, copied and with its keys in another order, has no change", () => {
    const reordered: Graph = {
      nodes: copy(v1).nodes.map((n) => ({ data: n.data, position: n.position, type: n.type, id: n.id }) as never),
      edges: copy(v1).edges.reverse(),
    };
    const diff = diffGraphs(v1, reordered);
    expect(isEmptyDiff(diff)).toBe(true);
  });

  test("a level's changed kind and timeout are told field by field, before and after", () => {
    const v2 = copy(v1);
    const node = v2.nodes.find((n) => n.id === "level-1");
    if (!node) throw new Error("fixture");
    node.data = { ...lead, kind: "or", timeoutHours: 8 };
    const diff = diffGraphs(v1, v2);
    expect(diff.nodes.changed).toHaveLength(1);
    expect(diff.nodes.changed[0]?.id).toBe("level-1");
    expect(diff.nodes.changed[0]?.fields).toEqual([
      { field: "kind", before: "single", after: "or" },
      { field: "timeoutHours", before: null, after: 8 },
    ]);
    expect(diff.nodes.moved).toEqual([]);
    expect(diff.edges).toEqual({ added: [], removed: [] });
  });

  test("a level spliced in: the node added, the old edge removed, two new edges added", () => {
    const v2 = copy(v1);
    v2.nodes.push({ id: "board", type: "approval", position: { x: 300, y: 120 }, data: { ...lead, name: "Board" } });
    v2.edges = v2.edges.filter((e) => e.id !== "e-start-level-1");
    v2.edges.push(
      { id: "e-start-board", source: "start", target: "board" },
      { id: "e-board-level-1", source: "board", target: "level-1" },
    );
    const diff = diffGraphs(v1, v2);
    expect(diff.nodes.added.map((n) => n.id)).toEqual(["board"]);
    expect(diff.nodes.removed).toEqual([]);
    expect(diff.edges.removed.map((e) => e.id)).toEqual(["e-start-level-1"]);
    expect(diff.edges.added.map((e) => e.id)).toEqual(["e-start-board", "e-board-level-1"]);
  });

  test("a removed level and a moved one are told apart; pinning alone is no change", () => {
    const v2 = copy(v1);
    v2.nodes = v2.nodes.filter((n) => n.id !== "level-2");
    v2.edges = [
      { id: "e-start-level-1", source: "start", target: "level-1" },
      { id: "e-level-1-end", source: "level-1", target: "end" },
    ];
    const moved = v2.nodes.find((n) => n.id === "level-1");
    if (!moved) throw new Error("fixture");
    moved.position = { x: 40, y: 120 };
    const endNode = v2.nodes.find((n) => n.id === "end");
    if (endNode) endNode.pinned = true;
    const diff = diffGraphs(v1, v2);
    expect(diff.nodes.removed.map((n) => n.id)).toEqual(["level-2"]);
    expect(diff.nodes.moved).toEqual([{ id: "level-1", from: { x: 0, y: 120 }, to: { x: 40, y: 120 } }]);
    expect(diff.nodes.changed).toEqual([]);
    expect(diff.edges.removed.map((e) => e.id)).toEqual(["e-level-1-level-2", "e-level-2-end"]);
    expect(diff.edges.added.map((e) => e.id)).toEqual(["e-level-1-end"]);
  });

  test("an edge that keeps its id but points elsewhere is removed and added; a changed type is a field", () => {
    const v2 = copy(v1);
    const e = v2.edges.find((x) => x.id === "e-level-2-end");
    if (!e) throw new Error("fixture");
    e.target = "level-1";
    const n = v2.nodes.find((x) => x.id === "level-2");
    if (!n) throw new Error("fixture");
    n.type = "condition";
    n.data = { rules: [], defaultEdge: null };
    const diff = diffGraphs(v1, v2);
    expect(diff.edges.removed.map((x) => x.target)).toEqual(["end"]);
    expect(diff.edges.added.map((x) => x.target)).toEqual(["level-1"]);
    const fields = diff.nodes.changed[0]?.fields.map((f) => f.field);
    expect(fields).toEqual(["type", "defaultEdge", "kind", "name", "roles", "rules", "timeoutHours", "users"]);
  });

  test("start and end stored without data (the form editor's) equal ones with empty data", () => {
    const withData = copy(v1);
    for (const n of withData.nodes) if (n.type === "start" || n.type === "end") n.data = {};
    expect(isEmptyDiff(diffGraphs(v1, withData))).toBe(true);
  });
});
