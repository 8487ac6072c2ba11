/**
 * The graph editor's store (components/graph/store.ts), driven the way the canvas drives it:
 * React Flow's changes, the palette, the inspector, the keyboard. Each test names what a user
 * would notice: what undo gives back, where a node lands, what a refusal says.
 */
import { describe, expect, test } from "vitest";
import {
  addNode,
  applyNodeChanges,
  connect,
  copy,
  createEditorState,
  deleteSelection,
  type EditorState,
  isDirty,
  layout,
  markSaved,
  pasteClipboard,
  present,
  redo,
  removeEdge,
  select,
  undo,
  unpin,
  updateData,
} from "@/components/graph/store";
import { stableSerialize } from "@/lib/graph/layout";
import type { Graph } from "@/lib/graph/types";
import { validateGraph } from "@/lib/graph/validate";
import { msg, parseMsg } from "@/lib/i18n/message";
import { approval, condition, end, prodRoute, registry, start } from "./graph-fixtures";

const chain = (): Graph => ({
  nodes: [
    { ...start("s"), position: { x: 0, y: 0 } },
    { ...approval("a"), position: { x: 0, y: 112 } },
    { ...end("z"), position: { x: 0, y: 224 } },
  ],
  edges: [
    { id: "e1", source: "s", target: "a" },
    { id: "e2", source: "a", target: "z" },
  ],
});

const move = (id: string, x: number, y: number, dragging?: boolean) => ({
  type: "position" as const,
  id,
  position: { x, y },
  ...(dragging === undefined ? {} : { dragging }),
});
const node = (s: EditorState, id: string) => present(s).nodes.find((n) => n.id === id);
const codes = (g: Graph) => validateGraph(g, registry).map((i) => i.code);
const statusCode = (s: EditorState) => parseMsg(s.status?.text)?.code;

describe("moving nodes", () => {
  test("a drag is one undo step and leaves the node pinned at integer positions", () => {
    const initial = chain();
    let s = createEditorState(initial);
    s = applyNodeChanges(s, [{ type: "select", id: "a", selected: true }]);
    s = applyNodeChanges(s, [move("a", 3.4, 113.2, true)]);
    s = applyNodeChanges(s, [move("a", 40.6, 150.5, true)]);
    s = applyNodeChanges(s, [move("a", 80.2, 200.7, true)]);
    s = applyNodeChanges(s, [move("a", 80.2, 200.7, false)]);
    expect(node(s, "a")).toMatchObject({ position: { x: 80, y: 201 }, pinned: true });
    expect(s.dragging).toBe(false);
    expect(s.history.past).toHaveLength(1);
    s = undo(s);
    expect(present(s)).toBe(initial);
    s = redo(s);
    expect(node(s, "a")).toMatchObject({ position: { x: 80, y: 201 }, pinned: true });
  });

  test("two drags are two steps", () => {
    let s = createEditorState(chain());
    s = applyNodeChanges(s, [move("a", 16, 128, true)]);
    s = applyNodeChanges(s, [move("a", 16, 128, false)]);
    s = applyNodeChanges(s, [move("z", 32, 256, true)]);
    s = applyNodeChanges(s, [move("z", 48, 272, false)]);
    s = undo(s);
    expect(node(s, "a")?.position).toEqual({ x: 16, y: 128 });
    expect(node(s, "z")?.position).toEqual({ x: 0, y: 224 });
  });

  test("an arrow-key nudge (a move outside a drag) is its own step and pins the node", () => {
    let s = createEditorState(chain());
    s = applyNodeChanges(s, [move("a", 16, 112)]);
    s = applyNodeChanges(s, [move("a", 32, 112)]);
    expect(node(s, "a")).toMatchObject({ position: { x: 32, y: 112 }, pinned: true });
    s = undo(s);
    expect(node(s, "a")?.position).toEqual({ x: 16, y: 112 });
  });

  test("selection and measured sizes are no undo steps and do not touch the graph", () => {
    const initial = chain();
    let s = createEditorState(initial);
    s = applyNodeChanges(s, [
      { type: "select", id: "a", selected: true },
      { type: "dimensions", id: "a", dimensions: { width: 200, height: 58 } },
    ]);
    expect(present(s)).toBe(initial);
    expect(s.history.past).toHaveLength(0);
    expect([...s.selected]).toEqual(["a"]);
    expect(s.sizes.get("a")).toEqual({ width: 200, height: 58 });
    // React Flow's own removal (we delete through deleteSelection, which asks first) is ignored.
    expect(present(applyNodeChanges(s, [{ type: "remove", id: "a" }]))).toBe(initial);
  });
});

describe("connecting", () => {
  test("a connection that would close a loop is refused with the reason, and nothing changes", () => {
    const initial = chain();
    const s = connect(createEditorState(initial), registry, { source: "a", target: "a" });
    expect(present(s)).toBe(initial);
    expect(statusCode(s)).toBe("graph.self_loop");
    const g: Graph = {
      nodes: [...initial.nodes, { ...approval("b"), position: { x: 0, y: 0 } }],
      edges: [
        { id: "e1", source: "s", target: "a" },
        { id: "e3", source: "a", target: "b" },
      ],
    };
    const refused = connect(createEditorState(g), registry, { source: "b", target: "a" });
    expect(present(refused).edges).toHaveLength(2);
    expect(statusCode(refused)).toBe("graph.cycle");
  });

  test("an accepted connection is one step, with a fresh id, and handles named only where a node has several", () => {
    const g: Graph = { nodes: chain().nodes, edges: [{ id: "e1", source: "s", target: "a" }] };
    let s = connect(select(createEditorState(g), ["a"]), registry, {
      source: "a",
      target: "z",
      sourceHandle: "out",
      targetHandle: "in",
    });
    expect(present(s).edges.at(-1)).toEqual({ id: "e-1", source: "a", target: "z" });
    // Made from the inspector of "a": its panel stays open.
    expect([...s.selected]).toEqual(["a"]);
    expect(s.status).toBeNull();
    expect(codes(present(s))).toEqual([]);
    s = undo(s);
    expect(present(s)).toBe(g);
  });

  test("removing an edge from the inspector is one step", () => {
    let s = removeEdge(createEditorState(chain()), "e2");
    expect(present(s).edges.map((e) => e.id)).toEqual(["e1"]);
    s = undo(s);
    expect(present(s).edges.map((e) => e.id)).toEqual(["e1", "e2"]);
  });
});

describe("adding from the palette", () => {
  test("by keyboard: each new node is spliced after the selected one, so presses build a chain", () => {
    const g: Graph = {
      nodes: [
        { ...start("s"), position: { x: 0, y: 0 } },
        { ...end("z"), position: { x: 0, y: 112 } },
      ],
      edges: [{ id: "e1", source: "s", target: "z" }],
    };
    let s = select(createEditorState(g), ["s"]);
    s = addNode(s, registry, "approval", { approvers: ["u1"] });
    expect([...s.selected]).toEqual(["approval-1"]);
    s = addNode(s, registry, "approval", { approvers: ["u2"] });
    const graph = present(s);
    const next = (id: string) => graph.edges.filter((e) => e.source === id).map((e) => e.target);
    expect(next("s")).toEqual(["approval-1"]);
    expect(next("approval-1")).toEqual(["approval-2"]);
    expect(next("approval-2")).toEqual(["z"]);
    // The edge leaving the start keeps its id (a condition's route would stay valid).
    expect(graph.edges.find((e) => e.source === "s")?.id).toBe("e1");
    expect(codes(graph)).toEqual([]);
    // Below the node it follows, and the end made room.
    expect(node(s, "approval-1")?.position.y).toBeGreaterThan(0);
    expect(node(s, "z")?.position.y).toBeGreaterThan(node(s, "approval-2")?.position.y ?? 0);
    // Two presses, two undo steps.
    s = undo(undo(s));
    expect(present(s)).toBe(g);
  });

  test("after a node with no outgoing edge, the new node is connected to it", () => {
    const g: Graph = { nodes: [{ ...start("s"), position: { x: 0, y: 0 } }], edges: [] };
    const s = addNode(select(createEditorState(g), ["s"]), registry, "end", {});
    expect(present(s).edges).toEqual([{ id: "e-1", source: "s", target: "end-1" }]);
  });

  test("after a node with several outgoing edges nothing is spliced or connected", () => {
    const g = prodRoute();
    const s = addNode(select(createEditorState(g), ["env"]), registry, "approval", { approvers: ["u"] });
    expect(present(s).edges).toEqual(g.edges);
  });

  test("a condition's default route survives a node spliced into its only edge", () => {
    const g: Graph = {
      nodes: [
        { ...start("s"), position: { x: 0, y: 0 } },
        { ...condition("c", [], "c>z"), position: { x: 0, y: 112 } },
        { ...end("z"), position: { x: 0, y: 224 } },
      ],
      edges: [
        { id: "s>c", source: "s", target: "c" },
        { id: "c>z", source: "c", target: "z" },
      ],
    };
    expect(codes(g)).toEqual([]);
    const s = addNode(select(createEditorState(g), ["c"]), registry, "approval", { approvers: ["u"] });
    expect(present(s).edges.find((e) => e.id === "c>z")?.target).toBe("approval-1");
    expect(codes(present(s))).toEqual([]);
  });

  test("dropped on the canvas: at the drop point, on integers, connected to nothing", () => {
    const s = addNode(
      select(createEditorState(chain()), ["a"]),
      registry,
      "approval",
      { approvers: [] },
      {
        x: 160.4,
        y: 47.6,
      },
    );
    expect(node(s, "approval-1")).toEqual({
      id: "approval-1",
      type: "approval",
      position: { x: 160, y: 48 },
      data: { approvers: [] },
    });
    expect(present(s).edges).toEqual(chain().edges);
  });
});

describe("deleting", () => {
  test("a start node stays, and the status says why", () => {
    const initial = chain();
    const s = deleteSelection(select(createEditorState(initial), ["s"]), registry);
    expect(present(s)).toBe(initial);
    expect(statusCode(s)).toBe("graph.start_undeletable");
  });

  test("a node goes with its edges in one step; the start in the same selection stays", () => {
    let s = deleteSelection(select(createEditorState(chain()), ["s", "a"]), registry);
    expect(present(s).nodes.map((n) => n.id)).toEqual(["s", "z"]);
    expect(present(s).edges).toEqual([]);
    expect(statusCode(s)).toBe("graph.start_undeletable");
    s = undo(s);
    expect(stableSerialize(present(s))).toBe(stableSerialize(chain()));
  });

  test("a selected edge alone is deleted", () => {
    const s = deleteSelection(select(createEditorState(chain()), [], ["e2"]), registry);
    expect(present(s).edges.map((e) => e.id)).toEqual(["e1"]);
  });
});

describe("copy and paste", () => {
  test("pasted nodes get new ids, only inner edges come along, and the paste is selected", () => {
    let s = select(createEditorState(chain()), ["s", "a", "z"]);
    s = copy(s, registry);
    // The start is not copied: a graph has one.
    expect(s.clipboard?.nodes.map((n) => n.id)).toEqual(["a", "z"]);
    s = pasteClipboard(s, registry);
    const g = present(s);
    expect(g.nodes.map((n) => n.id)).toEqual(["s", "a", "z", "approval-1", "end-1"]);
    expect(g.edges.slice(2)).toEqual([{ id: "e-1", source: "approval-1", target: "end-1" }]);
    expect([...s.selected]).toEqual(["approval-1", "end-1"]);
    expect(node(s, "approval-1")?.position).toEqual({ x: 32, y: 144 });
    // A second paste lands beside the first.
    s = pasteClipboard(s, registry);
    expect(node(s, "approval-2")?.position).toEqual({ x: 64, y: 176 });
    s = undo(undo(s));
    expect(stableSerialize(present(s))).toBe(stableSerialize(chain()));
  });
});

describe("layout, pins and data", () => {
  test("one layout pass is one step and moves only unpinned nodes", () => {
    const g: Graph = {
      ...chain(),
      nodes: chain().nodes.map((n) =>
        n.id === "a" ? { ...n, position: { x: 999, y: 999 }, pinned: true } : { ...n, position: { x: 500, y: 3 } },
      ),
    };
    let s = layout(createEditorState(g));
    expect(node(s, "a")).toMatchObject({ position: { x: 999, y: 999 }, pinned: true });
    expect(node(s, "s")?.position).not.toEqual({ x: 500, y: 3 });
    expect(present(s).nodes.every((n) => Number.isInteger(n.position.x) && Number.isInteger(n.position.y))).toBe(true);
    s = undo(s);
    expect(present(s)).toBe(g);
  });

  test("unpin lets layout move the node again, one step, and drops the key from the stored form", () => {
    let s = applyNodeChanges(createEditorState(chain()), [move("a", 480, 480)]);
    s = unpin(s, "a");
    expect(node(s, "a")).not.toHaveProperty("pinned");
    s = layout(s);
    expect(node(s, "a")?.position).not.toEqual({ x: 480, y: 480 });
  });

  test("an inspector edit is one step", () => {
    let s = updateData(createEditorState(chain()), "a", { approvers: [] });
    expect(codes(present(s))).toEqual(["graph.incomplete"]);
    s = undo(s);
    expect(codes(present(s))).toEqual([]);
  });

  test("at least 50 steps come back, in order", () => {
    const initial = chain();
    let s = createEditorState(initial);
    for (let i = 1; i <= 60; i++) s = updateData(s, "a", { approvers: [`u${i}`] });
    for (let i = 59; i >= 1; i--) {
      s = undo(s);
      expect(node(s, "a")?.data).toEqual({ approvers: [`u${i}`] });
    }
    s = undo(s);
    expect(present(s)).toBe(initial);
  });
});

describe("dirty", () => {
  test("opening is clean; a change is dirty; undoing it, or saving, is clean again", () => {
    const initial = chain();
    let s = createEditorState(initial);
    expect(isDirty(s)).toBe(false);
    s = select(applyNodeChanges(s, [{ type: "dimensions", id: "a", dimensions: { width: 1, height: 1 } }]), ["a"]);
    expect(isDirty(s)).toBe(false);
    s = updateData(s, "a", { approvers: ["u9"] });
    expect(isDirty(s)).toBe(true);
    expect(isDirty(undo(s))).toBe(false);
    s = markSaved(s, present(s));
    expect(isDirty(s)).toBe(false);
    // A change that puts back the saved content (an edit, not an undo) is clean by content.
    s = updateData(s, "a", { approvers: ["u1"] });
    s = updateData(s, "a", { approvers: ["u9"] });
    expect(isDirty(s)).toBe(false);
  });

  test("a status is a msg() code for the reader's language", () => {
    const s = deleteSelection(select(createEditorState(chain()), ["s"]), registry);
    expect(s.status?.text).toBe(msg("graph.start_undeletable"));
  });
});
