/**
 * The graph model (lib/graph) as React Flow's nodes and edges, and back. A React Flow node carries
 * its model node as `data`, so nothing is lost on the way back; what React Flow adds (`measured`,
 * `selected`, `dragging`, `internals`) never reaches the model. Conversion keeps identity: a model
 * node that did not change (same object, same selection, same size) gives the same React Flow node
 * as last time, so memoised nodes do not re-render while another one is dragged.
 */
import type { Edge, Node } from "@xyflow/react";
import type { Graph, GraphEdge, GraphNode } from "@/lib/graph/types";
import type { Size } from "./store";

/** Every node is drawn by one React Flow node type, which dispatches on the model's `type`. */
export const FLOW_NODE = "graph";
/** Edges are React Flow's own (memoised) smooth-step edges, with the caller's label. */
export const FLOW_EDGE = "smoothstep";

export type FlowNode = Node<GraphNode, typeof FLOW_NODE>;
export type FlowEdge = Edge<{ model: GraphEdge; label: string | null }, typeof FLOW_EDGE>;

type NodeCache = Map<
  string,
  { model: GraphNode; selected: boolean; size: Size | undefined; draggable: boolean; flow: FlowNode }
>;
type EdgeCache = Map<string, { model: GraphEdge; selected: boolean; label: string | null; flow: FlowEdge }>;

export type FlowCache = { nodes: NodeCache; edges: EdgeCache };
export const createFlowCache = (): FlowCache => ({ nodes: new Map(), edges: new Map() });

export function toFlowNode(node: GraphNode, selected: boolean, size: Size | undefined, draggable = true): FlowNode {
  return {
    id: node.id,
    type: FLOW_NODE,
    position: { x: node.position.x, y: node.position.y },
    data: node,
    selected,
    ...(size ? { measured: { width: size.width, height: size.height } } : {}),
    ...(draggable ? {} : { draggable: false, connectable: false }),
  };
}

export function toFlowEdge(edge: GraphEdge, selected: boolean, label: string | null): FlowEdge {
  return {
    id: edge.id,
    type: FLOW_EDGE,
    source: edge.source,
    target: edge.target,
    sourceHandle: edge.sourceHandle ?? null,
    targetHandle: edge.targetHandle ?? null,
    selected,
    ...(label ? { label } : {}),
    data: { model: edge, label },
  };
}

/** React Flow's nodes for a graph, reusing last time's objects for what did not change. */
export function toFlowNodes(
  graph: Graph,
  selected: ReadonlySet<string>,
  sizes: ReadonlyMap<string, Size>,
  cache: FlowCache,
  draggable = true,
): FlowNode[] {
  const seen = new Set<string>();
  const out = graph.nodes.map((node) => {
    seen.add(node.id);
    const isSelected = selected.has(node.id);
    const size = sizes.get(node.id);
    const hit = cache.nodes.get(node.id);
    if (hit && hit.model === node && hit.selected === isSelected && hit.size === size && hit.draggable === draggable)
      return hit.flow;
    const flow = toFlowNode(node, isSelected, size, draggable);
    cache.nodes.set(node.id, { model: node, selected: isSelected, size, draggable, flow });
    return flow;
  });
  for (const id of cache.nodes.keys()) if (!seen.has(id)) cache.nodes.delete(id);
  return out;
}

export function toFlowEdges(
  graph: Graph,
  selected: ReadonlySet<string>,
  labelOf: (edge: GraphEdge) => string | null,
  cache: FlowCache,
): FlowEdge[] {
  const seen = new Set<string>();
  const out = graph.edges.map((edge) => {
    seen.add(edge.id);
    const isSelected = selected.has(edge.id);
    const label = labelOf(edge);
    const hit = cache.edges.get(edge.id);
    if (hit && hit.model === edge && hit.selected === isSelected && hit.label === label) return hit.flow;
    const flow = toFlowEdge(edge, isSelected, label);
    cache.edges.set(edge.id, { model: edge, selected: isSelected, label, flow });
    return flow;
  });
  for (const id of cache.edges.keys()) if (!seen.has(id)) cache.edges.delete(id);
  return out;
}

/** A React Flow node back as the model's node, at its (integer) position. */
export function fromFlowNode(flow: Node): GraphNode {
  const model = flow.data as GraphNode;
  const position = { x: Math.round(flow.position.x), y: Math.round(flow.position.y) };
  const same = position.x === model.position.x && position.y === model.position.y;
  return same ? model : { ...model, position };
}

/** A React Flow edge back as the model's edge (its handles only when named). */
export function fromFlowEdge(flow: Edge): GraphEdge {
  const model = (flow.data as { model?: GraphEdge } | undefined)?.model;
  if (model) return model;
  return {
    id: flow.id,
    source: flow.source,
    target: flow.target,
    ...(flow.sourceHandle ? { sourceHandle: flow.sourceHandle } : {}),
    ...(flow.targetHandle ? { targetHandle: flow.targetHandle } : {}),
  };
}

export function fromFlow(nodes: readonly Node[], edges: readonly Edge[]): Graph {
  return { nodes: nodes.map(fromFlowNode), edges: edges.map(fromFlowEdge) };
}
