/**
 * Auto-layout (dagre) and the canonical form a graph is stored in. Layout moves only the nodes
 * not placed by hand (`pinned`), to integer positions; `stableSerialize` writes the model fields
 * only, keys sorted, nodes and edges by id, so opening and saving without a change stores the
 * same bytes.
 */
import { graphlib, layout } from "@dagrejs/dagre";
import type { Graph, GraphEdge, GraphNode } from "./types";

export type LayoutOptions = {
  /** Left to right, or top to bottom (default). */
  direction?: "LR" | "TB";
  /** A node's box when it has not been measured (React Flow's `measured`). */
  nodeWidth?: number;
  nodeHeight?: number;
  /** Gap between nodes of one rank, and between ranks. */
  nodeSep?: number;
  rankSep?: number;
  /** Measured sizes by node id, when the canvas knows them. */
  sizes?: ReadonlyMap<string, { width: number; height: number }>;
};

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The graph laid out: every node that is not pinned moves to dagre's place for it (top-left
 * corner, rounded to integers); pinned nodes, the edges and node order stay as they are, and
 * unmoved nodes keep their identity. Input order does not change the result (nodes and edges
 * enter dagre sorted by id).
 */
export function autoLayout<D>(graph: Graph<D>, options: LayoutOptions = {}): Graph<D> {
  const width = options.nodeWidth ?? 200;
  const height = options.nodeHeight ?? 64;
  const g = new graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: options.direction ?? "TB", nodesep: options.nodeSep ?? 40, ranksep: options.rankSep ?? 60 });
  g.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(graph.nodes.map((n) => n.id));
  for (const node of [...graph.nodes].sort(byId)) g.setNode(node.id, options.sizes?.get(node.id) ?? { width, height });
  for (const edge of [...graph.edges].sort(byId))
    if (ids.has(edge.source) && ids.has(edge.target) && edge.source !== edge.target)
      g.setEdge(edge.source, edge.target, {}, edge.id);
  layout(g);
  const nodes = graph.nodes.map((node): GraphNode<D> => {
    if (node.pinned) return node;
    const placed = g.node(node.id) as { x: number; y: number; width: number; height: number } | undefined;
    if (!placed) return node;
    const position = { x: Math.round(placed.x - placed.width / 2), y: Math.round(placed.y - placed.height / 2) };
    return position.x === node.position.x && position.y === node.position.y ? node : { ...node, position };
  });
  return { ...graph, nodes };
}

/** JSON with object keys sorted at every depth (array order kept: a condition's rules are ordered). */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = canonical(v);
    }
    return out;
  }
  return value;
}

/** A node's stored fields (what React Flow adds — selected, measured, dragging — is dropped). */
function storedNode(node: GraphNode): GraphNode {
  const { id, type, position, pinned, data } = node;
  return { id, type, position: { x: position.x, y: position.y }, ...(pinned ? { pinned: true } : {}), data };
}

function storedEdge(edge: GraphEdge): GraphEdge {
  const { id, source, target, sourceHandle, targetHandle } = edge;
  return {
    id,
    source,
    target,
    ...(sourceHandle ? { sourceHandle } : {}),
    ...(targetHandle ? { targetHandle } : {}),
  };
}

/** The canonical JSON of a graph: the same graph, however ordered or decorated, gives the same text. */
export function stableSerialize(graph: Graph): string {
  return JSON.stringify(
    canonical({
      nodes: graph.nodes.map(storedNode).sort(byId),
      edges: graph.edges.map(storedEdge).sort(byId),
    }),
  );
}
