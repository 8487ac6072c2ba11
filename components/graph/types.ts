/**
 * The shared graph canvas's contract (components/graph): what a feature hands the editor so that
 * its graphs are drawn, edited, checked and saved. Approval flows are its first user, job DAGs its
 * second; each only adds its own node types.
 *
 * ```tsx
 * <GraphEditor
 *   types={{ start: startType, approval: levelType, … }}   // CanvasNodeType per registry kind
 *   registry={approvalRegistry}                           // lib/graph NodeTypeRegistry
 *   initial={graph}                                       // as stored; opening does not change it
 *   validate={(g) => flowIssues(g)}                       // GraphIssue[]: badges, the issue list, Save's reason
 *   onSave={async (g) => ok}                              // the graph to store; true = saved (the editor is clean)
 *   onChange={(g) => …}                                   // every change (a preview panel)
 *   edgeLabel={(edge, g) => "PROD" | null}                // text on an edge (a condition rule's label)
 *   toolbar={<PublishButton/>}                            // extra buttons, after the editor's own
 *   readOnly={false}
 *   labels={{ save: "Save draft" }}                       // texts the caller overrides (else graph.* messages)
 * />
 * ```
 *
 * Rules the editor keeps, so callers need not:
 * - `onSave` gets plain model objects (lib/graph `Graph`: no React Flow fields such as `measured`,
 *   `selected`, `dragging`), nodes and edges in the order they had, integer positions; opening and
 *   saving with no change gives a graph that `stableSerialize`s to the same text as `initial`.
 * - Every change is one undo step: an inspector `onChange`, a drag (press to release), one layout
 *   pass, a paste, a delete, a new edge. A node dragged by hand becomes `pinned: true`.
 * - Connections are checked with `canConnect(graph, registry, …)` while drawn; `validate` runs on
 *   every change (it should include `validateGraph`, as the server does).
 * - `GraphIssue.message` and `canConnect` reasons are `msg()` codes, shown in the reader's language
 *   (`useSay` in components/ui/use-say.ts renders one; Inspectors may use it too).
 * - `spec` of a CanvasNodeType must be the registry's entry for the same kind (`registry.get(kind)`).
 *
 * Test hooks (data-testid) for e2e: see the report / graph-editor.tsx header.
 */
import type { ComponentType, ReactNode } from "react";
import type { Graph, GraphEdge, GraphNode, NodeTypeRegistry, NodeTypeSpec } from "@/lib/graph/types";
import type { GraphIssue } from "@/lib/graph/validate";

/** A node's colour on the canvas and in the palette. */
export type NodeTone = "neutral" | "start" | "end" | "decision" | "branch";

/** One kind of node, as the canvas shows and edits it. */
export type CanvasNodeType<D = unknown> = {
  /** The kind's entry of the registry (its handles, degree bounds, role). */
  spec: NodeTypeSpec<D>;
  /** The kind's name, already translated by the caller ("Approval level"). */
  label: string;
  /** Offered in the palette (a start node usually is not: there is exactly one). */
  palette: boolean;
  /** The data of a node just added from the palette. */
  defaultData: () => D;
  /** One line on the node and in the list view ("Ops team · or-sign"), translated by the caller. */
  summary: (data: D) => string;
  /** Delete asks first when true. Absent: the data differs from `defaultData()`. */
  configured?: (data: D) => boolean;
  /** The type's own fields in the inspector panel (the editor adds Connections and Position). */
  Inspector?: ComponentType<InspectorProps<D>>;
  /** Colour; absent = "neutral". */
  tone?: NodeTone;
};

/** What a type's Inspector gets: the selected node, the whole graph, and how to change its data. */
export type InspectorProps<D> = {
  node: GraphNode<D>;
  graph: Graph;
  readOnly: boolean;
  /** Replaces the node's data; each call is one undo step. */
  onChange: (data: D) => void;
};

/** A node's state drawn over its tone (a run's live view): the ring's colour and a word. */
export type NodeStatusTone = "idle" | "active" | "waiting" | "good" | "bad" | "warn" | "muted";
export type NodeStatusMark = { tone: NodeStatusTone; label: string };

/** Texts a caller may supply instead of the editor's own `graph.*` messages. */
export type GraphEditorLabels = {
  /** The Save button ("Save draft"). */
  save?: string;
  /** The editor's accessible name ("Approval flow editor"). */
  title?: string;
  /** The list view's status column (shown with `nodeStatus`: "Status"). */
  status?: string;
};

export type GraphEditorProps = {
  // biome-ignore lint/suspicious/noExplicitAny: each kind has its own data type; the map is heterogeneous.
  types: Record<string, CanvasNodeType<any>>;
  registry: NodeTypeRegistry;
  /** The graph as stored. */
  initial: Graph;
  /** Every issue of a graph (e.g. the flow's own checks plus validateGraph). Save is disabled while any remain. */
  validate: (graph: Graph) => GraphIssue[];
  /** Store the graph; resolve true when saved (the editor becomes clean), false to stay dirty. */
  onSave: (graph: Graph) => Promise<boolean>;
  /** Called with the graph after every change (undo/redo too). */
  onChange?: (graph: Graph) => void;
  /** A label drawn on an edge, or null for none. */
  edgeLabel?: (edge: GraphEdge, graph: Graph) => string | null;
  /** Extra toolbar content, after the editor's own buttons. */
  toolbar?: ReactNode;
  /** Show and inspect only: no drag, connect, delete, paste or save. */
  readOnly?: boolean;
  labels?: GraphEditorLabels;
  /** The canvas's height (CSS), default "70vh". */
  height?: string;
  /** A state to draw on a node (a run's node statuses), or null for none; a new function redraws the nodes. */
  nodeStatus?: (nodeId: string) => NodeStatusMark | null;
};
