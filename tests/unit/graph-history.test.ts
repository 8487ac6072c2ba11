import { describe, expect, it } from "vitest";
import { copySelection, freshId, paste } from "@/lib/graph/clipboard";
import { amend, batch, canRedo, canUndo, createHistory, record, redo, undo } from "@/lib/graph/history";
import { autoLayout } from "@/lib/graph/layout";
import type { ConditionData, Graph, GraphNode } from "@/lib/graph/types";
import { validateGraph } from "@/lib/graph/validate";
import { chain, prodRoute, registry } from "./graph-fixtures";

const move =
  (id: string, x: number) =>
  (g: Graph): Graph => ({
    ...g,
    nodes: g.nodes.map((n) => (n.id === id ? { ...n, position: { ...n.position, x } } : n)),
  });

describe("history", () => {
  it("undoes and redoes, and a new step clears redo", () => {
    let h = createHistory(0);
    h = record(h, 1);
    h = record(h, 2);
    expect(h.present).toBe(2);
    h = undo(h);
    expect(h.present).toBe(1);
    expect(canRedo(h)).toBe(true);
    h = redo(h);
    expect(h.present).toBe(2);
    h = undo(undo(h));
    expect([h.present, canUndo(h)]).toEqual([0, false]);
    expect(undo(h)).toBe(h);
    h = record(h, 5);
    expect([h.present, canRedo(h)]).toEqual([5, false]);
    expect(redo(h)).toBe(h);
  });

  it("keeps at least 50 steps (100 by default), dropping the oldest beyond its limit", () => {
    let h = createHistory(0);
    for (let i = 1; i <= 150; i++) h = record(h, i);
    let undone = 0;
    while (canUndo(h)) {
      h = undo(h);
      undone++;
    }
    expect(undone).toBe(100);
    expect(h.present).toBe(50);
    let small = createHistory("a", 2);
    for (const s of ["b", "c", "d"]) small = record(small, s);
    expect(small.past).toEqual(["b", "c"]);
    expect(() => createHistory(0, 0)).toThrow();
  });

  it("records the same graph again as no step", () => {
    const h = record(createHistory(chain()), chain());
    expect(record(h, h.present)).toBe(h);
  });

  it("takes a batch (a layout pass, a paste) as one step", () => {
    const g0 = chain();
    let h = createHistory(g0);
    h = batch(h, [move("a", 100), move("end", 200), move("start", 300)]);
    expect(h.present.nodes.map((n) => n.position.x)).toEqual([300, 100, 200]);
    h = undo(h);
    expect(h.present).toBe(g0);
    h = record(h, autoLayout(h.present));
    h = record(h, paste(h.present, copySelection(h.present, ["a"])).graph);
    expect(h.present.nodes).toHaveLength(4);
    h = undo(h);
    expect(h.present.nodes).toHaveLength(3);
    expect(undo(h).present).toBe(g0);
  });

  it("amends the present during a gesture: undo goes back before the whole drag", () => {
    const g0 = chain();
    let h = record(createHistory(g0), move("a", 1)(g0));
    for (let x = 2; x <= 30; x++) h = amend(h, move("a", x)(h.present));
    expect(h.present.nodes[1]?.position.x).toBe(30);
    expect(undo(h).present).toBe(g0);
  });
});

describe("clipboard", () => {
  it("copies a selection with only the edges inside it, and pastes it with fresh ids, offset", () => {
    const g = prodRoute();
    const clip = copySelection(g, ["board", "lead", "end"]);
    expect(clip.edges.map((e) => e.id)).toEqual(["board>lead", "lead>end"]);
    const { graph, nodeIds, edgeIds } = paste(g, clip);
    expect(nodeIds).toEqual(["approval-1", "approval-2", "end-1"]);
    expect(edgeIds).toEqual(["e-1", "e-2"]);
    expect(graph.edges.slice(-2)).toEqual([
      { id: "e-1", source: "approval-1", target: "approval-2" },
      { id: "e-2", source: "approval-2", target: "end-1" },
    ]);
    const original = g.nodes.find((n) => n.id === "board");
    const copy = graph.nodes.find((n) => n.id === "approval-1");
    expect(copy?.position).toEqual({ x: (original?.position.x ?? 0) + 40, y: (original?.position.y ?? 0) + 40 });
    expect(copy?.data).toEqual(original?.data);
    expect(copy?.data).not.toBe(original?.data);
    // Ids stay unique, and a second paste gets further ids.
    const ids = graph.nodes.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(paste(graph, clip, { offset: { x: 0, y: 80 } }).nodeIds).toEqual(["approval-3", "approval-4", "end-2"]);
  });

  it("is detached: editing the graph after copying does not change the clipboard", () => {
    const g = chain();
    const clip = copySelection(g, ["a"]);
    const approvers = (node: GraphNode | undefined) => (node?.data as { approvers: string[] } | undefined)?.approvers;
    approvers(g.nodes[1])?.push("u2");
    expect(approvers(g.nodes[1])).toEqual(["u1", "u2"]);
    expect(approvers(clip.nodes[0])).toEqual(["u1"]);
  });

  it("points a pasted condition's routes at the pasted edges, and drops routes left outside", () => {
    const g = prodRoute();
    const whole = paste(
      g,
      copySelection(
        g,
        g.nodes.map((n) => n.id),
      ),
      { registry },
    );
    const copy = whole.graph.nodes.find((n) => n.type === "condition" && n.id !== "env");
    const data = copy?.data as ConditionData;
    const leaving = whole.graph.edges.filter((e) => e.source === copy?.id).map((e) => e.id);
    expect(leaving).toContain(data.defaultEdge);
    expect(leaving).toContain(data.rules[0]?.edge);
    expect(validateGraph({ nodes: whole.graph.nodes.slice(5), edges: whole.graph.edges.slice(5) }, registry)).toEqual(
      [],
    );
    const alone = paste(g, copySelection(g, ["env"]), { registry });
    expect(alone.graph.nodes.at(-1)?.data).toEqual({
      rules: [{ field: "environment", op: "eq", value: "PROD", edge: "" }],
      defaultEdge: null,
    });
  });

  it("finds the first free id", () => {
    const taken = new Set(["a-1", "a-2", "a-4"]);
    expect(freshId("a", taken)).toBe("a-3");
    expect(freshId("a", taken)).toBe("a-5");
  });
});
