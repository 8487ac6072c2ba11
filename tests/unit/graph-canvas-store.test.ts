import { describe, expect, test } from "vitest";
import {
  addNode,
  applyNodeChanges,
  connect,
  copy,
  createEditorState,
  deleteSelection,
  isDirty,
  layout,
  markSaved,
  pasteClipboard,
  present,
  redo,
  select,
  undo,
  unpin,
  updateData,
} from "@/components/graph/store";
import { stableSerialize } from "@/lib/graph/layout";
import type { Graph } from "@/lib/graph/types";
import { validateGraph } from "@/lib/graph/validate";
import { approval, end, registry, start } from "./graph-fixtures";

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

describe("a drag", () => {
  test("is one undo step, ends pinned at integer positions", () => {
    const initial = chain();
    let s = createEditorState(initial);
    s = applyNodeChanges(s, [{ type: "select", id: "a", selected: true }]);
    s = applyNodeChanges(s, [move("a", 3.4, 113.2, true)]);
    s = applyNodeChanges(s, [move("a", 40.6, 150.5, true)]);
    s = applyNodeChanges(s, [move("a", 80.2, 200.7, true)]);
    s = applyNodeChanges(s, [move("a", 80.2, 200.7, false)]);
    const a = present(s).nodes.find((n) => n.id === "a");
    expect(a).toMatchObject({ position: { x: 80, y: 201 }, pinned: true });
    expect(s.dragging).toBe(false);
    s = undo(s);
    expect(stableSerialize(present(s))).toBe(stableSerialize(initial));
    expect(present(s)).toBe(initial);
  });
});
