/**
 * The graph editor's state: the graph's undo history (lib/graph/history), the selection, the
 * clipboard, what the canvas measured, and the last refusal. Pure operations (`EditorState` in,
 * `EditorState` out) that the unit tests drive directly, and a small external store over them
 * (`createGraphStore`, read with `useSyncExternalStore`), so React Flow, the inspector, the list view
 * and the keyboard handlers all read the same present without stale closures, and a node re-renders
 * only when its own slice changes. React Flow keeps its own internal store (viewport, handles);
 * ours is the source of truth for the model: React Flow's changes are translated into steps here.
 * No zustand: useSyncExternalStore over immutable snapshots is all the editor needs.
 */
import { type Clipboard, copySelection, freshId, paste } from "@/lib/graph/clipboard";
import {
  amend,
  canRedo,
  canUndo,
  createHistory,
  type History,
  record,
  redo as redoHistory,
  undo as undoHistory,
} from "@/lib/graph/history";
import { autoLayout, stableSerialize } from "@/lib/graph/layout";
import type {
  Connection,
  Graph,
  GraphEdge,
  GraphNode,
  NodeTypeRegistry,
  NodeTypeSpec,
  Position,
} from "@/lib/graph/types";
import { canConnect } from "@/lib/graph/validate";
import { msg } from "@/lib/i18n/message";

/** The canvas grid (px): drags snap to it, arrows nudge by it. */
export const GRID = 16;
/** How far a keyboard-added node sits below the one it follows. */
const STEP_DOWN = GRID * 7;

export type Size = { width: number; height: number };

export type EditorState = {
  history: History<Graph>;
  /** Selected node and edge ids. */
  selected: ReadonlySet<string>;
  selectedEdges: ReadonlySet<string>;
  /** The graph as last saved (or opened), and its stable text: dirty = the present differs. */
  saved: Graph;
  savedText: string;
  clipboard: Clipboard | null;
  /** A drag is in progress: its later moves amend the step its first move recorded. */
  dragging: boolean;
  /** Node sizes React Flow measured (not part of the graph or its history). */
  sizes: ReadonlyMap<string, Size>;
  /** The last refusal or notice for the status line (a msg() string), with a counter so a repeat is announced. */
  status: { text: string; seq: number } | null;
};

const NONE: ReadonlySet<string> = new Set();

export function createEditorState(initial: Graph): EditorState {
  return {
    history: createHistory(initial),
    selected: NONE,
    selectedEdges: NONE,
    saved: initial,
    savedText: stableSerialize(initial),
    clipboard: null,
    dragging: false,
    sizes: new Map(),
    status: null,
  };
}

export const present = (s: EditorState) => s.history.present;
export const isDirty = (s: EditorState) =>
  s.history.present !== s.saved && stableSerialize(s.history.present) !== s.savedText;
export { canRedo, canUndo };

function say(s: EditorState, text: string | null): EditorState {
  return { ...s, status: text === null ? null : { text, seq: (s.status?.seq ?? 0) + 1 } };
}

/** A new undo step with `graph` as the present (the same graph again is no step). */
function step(s: EditorState, graph: Graph): EditorState {
  return { ...s, history: record(s.history, graph), status: null };
}

const snap = (v: number) => Math.round(v);

// ---- React Flow's changes ----------------------------------------------------------------------

/** What the canvas reports, in React Flow's shapes (only the parts the editor reads). */
export type CanvasNodeChange =
  | { type: "position"; id: string; position?: Position; dragging?: boolean }
  | { type: "select"; id: string; selected: boolean }
  | { type: "dimensions"; id: string; dimensions?: Size }
  | { type: string; id?: string };

/**
 * React Flow's node changes applied: a drag's first move is a new step and its later moves amend
 * it (undo goes back before the whole gesture); the nodes it moved become pinned, at integer
 * positions. A move outside a drag (an arrow-key nudge) is a step of its own and pins too.
 * Selection and measured sizes are kept; removals are ignored (delete goes through `deleteSelection`,
 * which asks first).
 */
export function applyNodeChanges(s: EditorState, changes: readonly CanvasNodeChange[]): EditorState {
  let next = s;
  const moves = new Map<string, { position?: Position; dragging?: boolean }>();
  let selected: Set<string> | null = null;
  let sizes: Map<string, Size> | null = null;
  for (const change of changes) {
    if (change.type === "position" && "id" in change && change.id) {
      const c = change as { id: string; position?: Position; dragging?: boolean };
      moves.set(c.id, { position: c.position, dragging: c.dragging });
    } else if (change.type === "select") {
      const c = change as { id: string; selected: boolean };
      selected ??= new Set(s.selected);
      if (c.selected) selected.add(c.id);
      else selected.delete(c.id);
    } else if (change.type === "dimensions") {
      const c = change as { id: string; dimensions?: Size };
      if (!c.dimensions) continue;
      const known = s.sizes.get(c.id);
      if (known && known.width === c.dimensions.width && known.height === c.dimensions.height) continue;
      sizes ??= new Map(s.sizes);
      sizes.set(c.id, { width: c.dimensions.width, height: c.dimensions.height });
    }
  }
  if (selected) next = { ...next, selected };
  if (sizes) next = { ...next, sizes };
  if (moves.size > 0) {
    const graph = present(next);
    let changed = false;
    const nodes = graph.nodes.map((node) => {
      const move = moves.get(node.id);
      if (!move?.position) return node;
      const position = { x: snap(move.position.x), y: snap(move.position.y) };
      if (position.x === node.position.x && position.y === node.position.y && node.pinned) return node;
      changed = true;
      return { ...node, position, pinned: true };
    });
    const inDrag = [...moves.values()].some((m) => m.dragging === true);
    const moved: Graph = changed ? { ...graph, nodes } : graph;
    if (next.dragging) {
      next = { ...next, history: amend(next.history, moved), dragging: inDrag };
    } else if (changed) {
      next = { ...step(next, moved), dragging: inDrag };
    } else if (inDrag) {
      next = { ...next, dragging: true };
    }
  }
  return next;
}

/** Edge selection from React Flow (removals are ignored, as for nodes). */
export function applyEdgeSelection(
  s: EditorState,
  changes: readonly { type: string; id?: string; selected?: boolean }[],
) {
  let selected: Set<string> | null = null;
  for (const c of changes) {
    if (c.type !== "select" || !c.id) continue;
    selected ??= new Set(s.selectedEdges);
    if (c.selected) selected.add(c.id);
    else selected.delete(c.id);
  }
  return selected ? { ...s, selectedEdges: selected } : s;
}

export function select(s: EditorState, nodeIds: Iterable<string>, edgeIds: Iterable<string> = []): EditorState {
  return { ...s, selected: new Set(nodeIds), selectedEdges: new Set(edgeIds) };
}

// ---- edits ---------------------------------------------------------------------------------------

/** An edge's handles as stored: named only when the node has more than one on that side. */
function storedHandles(
  from: NodeTypeSpec | undefined,
  to: NodeTypeSpec | undefined,
  c: Connection,
): Pick<GraphEdge, "sourceHandle" | "targetHandle"> {
  return {
    ...(c.sourceHandle && (from?.outputs.length ?? 0) > 1 ? { sourceHandle: c.sourceHandle } : {}),
    ...(c.targetHandle && (to?.inputs.length ?? 0) > 1 ? { targetHandle: c.targetHandle } : {}),
  };
}

const idsOf = (graph: Graph) => new Set([...graph.nodes.map((n) => n.id), ...graph.edges.map((e) => e.id)]);
const specFor = (registry: NodeTypeRegistry, graph: Graph, id: string) => {
  const node = graph.nodes.find((n) => n.id === id);
  return node ? registry.get(node.type) : undefined;
};

/** A new edge (one step), if `canConnect` allows it; else the state says why (status) and the graph is unchanged. */
export function connect(s: EditorState, registry: NodeTypeRegistry, c: Connection): EditorState {
  const graph = present(s);
  const refusal = canConnect(graph, registry, c);
  if (refusal) return say(s, refusal);
  const edge: GraphEdge = {
    id: freshId("e", idsOf(graph)),
    source: c.source,
    target: c.target,
    ...storedHandles(specFor(registry, graph, c.source), specFor(registry, graph, c.target), c),
  };
  // The selection stays: a connection made from the inspector keeps its node's panel open.
  return step(s, { ...graph, edges: [...graph.edges, edge] });
}

export function removeEdge(s: EditorState, edgeId: string): EditorState {
  const graph = present(s);
  if (!graph.edges.some((e) => e.id === edgeId)) return s;
  const selectedEdges = new Set(s.selectedEdges);
  selectedEdges.delete(edgeId);
  return { ...step(s, { ...graph, edges: graph.edges.filter((e) => e.id !== edgeId) }), selectedEdges };
}

/**
 * A node of `kind` added (the palette). At `at` when dropped there; otherwise below the single
 * selected node, and when that node has exactly one outgoing edge the new node is spliced into it
 * (the edge keeps its id and now ends at the new node, which gets a new edge to the old target, so
 * a condition's routes stay valid); with no outgoing edge the selected node connects to it. The new
 * node is selected, so a chain is built by pressing the palette's buttons in turn.
 */
export function addNode(
  s: EditorState,
  registry: NodeTypeRegistry,
  kind: string,
  data: unknown,
  at?: Position,
): EditorState {
  const graph = present(s);
  const spec = registry.get(kind);
  const taken = idsOf(graph);
  const id = freshId(kind, taken);
  const anchorId = !at && s.selected.size === 1 ? ([...s.selected][0] as string) : null;
  const anchor = anchorId ? graph.nodes.find((n) => n.id === anchorId) : undefined;
  const position = at
    ? { x: snap(at.x), y: snap(at.y) }
    : anchor
      ? { x: anchor.position.x, y: anchor.position.y + STEP_DOWN }
      : freeSpot(graph);
  const node: GraphNode = { id, type: kind, position, data };
  let nodes = [...graph.nodes, node];
  let edges = graph.edges;
  if (anchor && spec) {
    const outgoing = graph.edges.filter((e) => e.source === anchor.id);
    const canEnter = spec.inputs.length > 0;
    const canLeave = spec.outputs.length > 0;
    if (outgoing.length === 1 && canEnter && canLeave) {
      const old = outgoing[0] as GraphEdge;
      const targetSpec = specFor(registry, graph, old.target);
      const rest = edges.filter((e) => e !== old);
      const { targetHandle: _, ...kept } = old;
      const into: GraphEdge = { ...kept, target: id };
      const onward: GraphEdge = {
        id: freshId("e", taken),
        source: id,
        target: old.target,
        ...(old.targetHandle && (targetSpec?.inputs.length ?? 0) > 1 ? { targetHandle: old.targetHandle } : {}),
      };
      edges = [...rest, into, onward];
      // Make room: everything at or below the new node's row, that is not pinned, shifts down one step.
      nodes = nodes.map((n) =>
        n.id !== id && !n.pinned && n.position.y >= position.y
          ? { ...n, position: { x: n.position.x, y: n.position.y + STEP_DOWN } }
          : n,
      );
    } else if (outgoing.length === 0 && canEnter) {
      const c = { source: anchor.id, target: id };
      if (!canConnect({ nodes, edges }, registry, c))
        edges = [...edges, { id: freshId("e", taken), source: anchor.id, target: id }];
    }
  }
  return select(step(s, { nodes, edges }), [id]);
}

/** Below everything, for a node added with nothing selected. */
function freeSpot(graph: Graph): Position {
  if (graph.nodes.length === 0) return { x: 0, y: 0 };
  let maxY = Number.NEGATIVE_INFINITY;
  let minX = Number.POSITIVE_INFINITY;
  for (const n of graph.nodes) {
    maxY = Math.max(maxY, n.position.y);
    minX = Math.min(minX, n.position.x);
  }
  return { x: minX, y: maxY + STEP_DOWN };
}

/** The node's data replaced: one step. */
export function updateData(s: EditorState, nodeId: string, data: unknown): EditorState {
  const graph = present(s);
  return step(s, { ...graph, nodes: graph.nodes.map((n) => (n.id === nodeId ? { ...n, data } : n)) });
}

/** Auto-layout may move the node again. */
export function unpin(s: EditorState, nodeId: string): EditorState {
  const graph = present(s);
  return step(s, {
    ...graph,
    nodes: graph.nodes.map((n) => {
      if (n.id !== nodeId || !n.pinned) return n;
      const { pinned: _, ...rest } = n;
      return rest;
    }),
  });
}

/** One layout pass (moves only unpinned nodes, measured sizes when known): one step. */
export function layout(s: EditorState): EditorState {
  return step(s, autoLayout(present(s), { sizes: s.sizes }));
}

/** Nodes the selection holds that cannot be deleted (start nodes). */
export function undeletable(s: EditorState, registry: NodeTypeRegistry): GraphNode[] {
  return present(s).nodes.filter((n) => s.selected.has(n.id) && registry.get(n.type)?.role === "start");
}

/**
 * The selected nodes (with their edges) and selected edges removed: one step. Start nodes stay
 * (the graph needs exactly one), and the status says so.
 */
export function deleteSelection(s: EditorState, registry: NodeTypeRegistry): EditorState {
  const graph = present(s);
  const kept = new Set(undeletable(s, registry).map((n) => n.id));
  const gone = new Set([...s.selected].filter((id) => !kept.has(id)));
  if (gone.size === 0 && s.selectedEdges.size === 0) return kept.size > 0 ? say(s, msg("graph.start_undeletable")) : s;
  const next: Graph = {
    nodes: graph.nodes.filter((n) => !gone.has(n.id)),
    edges: graph.edges.filter((e) => !gone.has(e.source) && !gone.has(e.target) && !s.selectedEdges.has(e.id)),
  };
  const done = select(step(s, next), kept);
  return kept.size > 0 ? say(done, msg("graph.start_undeletable")) : done;
}

/** The selection copied (start nodes are not: a graph has one). */
export function copy(s: EditorState, registry: NodeTypeRegistry): EditorState {
  const ids = present(s)
    .nodes.filter((n) => s.selected.has(n.id) && registry.get(n.type)?.role !== "start")
    .map((n) => n.id);
  if (ids.length === 0) return s;
  return { ...s, clipboard: copySelection(present(s), ids) };
}

/** The clipboard pasted (fresh ids, inner edges only, offset two grid steps): one step, and selected. */
export function pasteClipboard(s: EditorState, registry: NodeTypeRegistry): EditorState {
  if (!s.clipboard || s.clipboard.nodes.length === 0) return s;
  const pasted = paste(present(s), s.clipboard, { offset: { x: GRID * 2, y: GRID * 2 }, registry });
  // A second paste lands beside the first, not on it.
  const clipboard = copySelection(pasted.graph, pasted.nodeIds);
  return { ...select(step(s, pasted.graph), pasted.nodeIds, pasted.edgeIds), clipboard };
}

export function undo(s: EditorState): EditorState {
  return { ...s, history: undoHistory(s.history), dragging: false, status: null };
}
export function redo(s: EditorState): EditorState {
  return { ...s, history: redoHistory(s.history), dragging: false, status: null };
}

/** `graph` was stored: it is the new clean state. */
export function markSaved(s: EditorState, graph: Graph): EditorState {
  return { ...s, saved: graph, savedText: stableSerialize(graph) };
}

export function setStatus(s: EditorState, text: string | null): EditorState {
  return say(s, text);
}

// ---- the external store ------------------------------------------------------------------------

export type GraphStore = {
  get: () => EditorState;
  set: (change: (s: EditorState) => EditorState) => void;
  subscribe: (listener: () => void) => () => void;
};

export function createGraphStore(initial: Graph): GraphStore {
  let state = createEditorState(initial);
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(change) {
      const next = change(state);
      if (next === state) return;
      state = next;
      for (const l of listeners) l();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
