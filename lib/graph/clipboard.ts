/**
 * Copy and paste of a selection: the selected nodes, and only the edges whose both ends are
 * selected. Pasted nodes and edges get fresh ids (unused in the target graph), are offset so they
 * do not cover the originals, and a pasted condition's routes point at the pasted edges.
 */
import type { ConditionData, Graph, GraphEdge, GraphNode, NodeTypeRegistry } from "./types";

export type Clipboard = { nodes: GraphNode[]; edges: GraphEdge[] };

/** The selection as a detached copy (later edits of the graph do not change it). */
export function copySelection(graph: Graph, nodeIds: Iterable<string>): Clipboard {
  const selected = new Set(nodeIds);
  const nodes = graph.nodes.filter((n) => selected.has(n.id));
  const edges = graph.edges.filter((e) => selected.has(e.source) && selected.has(e.target));
  return structuredClone({ nodes, edges });
}

/** The first `<prefix>-<n>` (n = 1, 2, …) not in `taken`, which it joins. */
export function freshId(prefix: string, taken: Set<string>): string {
  for (let n = 1; ; n++) {
    const id = `${prefix}-${n}`;
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

export type Pasted = { graph: Graph; nodeIds: string[]; edgeIds: string[] };

/**
 * The graph with the clipboard added: fresh ids (`<type>-<n>` for nodes, `e-<n>` for edges),
 * positions moved by `offset`. Returns the new ids too, so the editor can select what it pasted.
 */
export function paste(
  graph: Graph,
  clipboard: Clipboard,
  options: { offset?: { x: number; y: number }; registry?: NodeTypeRegistry } = {},
): Pasted {
  const offset = options.offset ?? { x: 40, y: 40 };
  const taken = new Set([...graph.nodes.map((n) => n.id), ...graph.edges.map((e) => e.id)]);
  const nodeIds = new Map<string, string>();
  for (const node of clipboard.nodes) nodeIds.set(node.id, freshId(node.type, taken));
  const edgeIds = new Map<string, string>();
  for (const edge of clipboard.edges)
    if (nodeIds.has(edge.source) && nodeIds.has(edge.target)) edgeIds.set(edge.id, freshId("e", taken));

  const nodes = clipboard.nodes.map((node): GraphNode => {
    let data = structuredClone(node.data);
    if (options.registry?.get(node.type)?.role === "condition" && data) {
      const condition = data as ConditionData;
      data = {
        ...condition,
        rules: condition.rules.map((rule) => ({ ...rule, edge: edgeIds.get(rule.edge) ?? "" })),
        defaultEdge: condition.defaultEdge ? (edgeIds.get(condition.defaultEdge) ?? null) : null,
      } satisfies ConditionData;
    }
    return {
      ...node,
      id: nodeIds.get(node.id) as string,
      position: { x: node.position.x + offset.x, y: node.position.y + offset.y },
      data,
    };
  });
  const edges = clipboard.edges
    .filter((e) => edgeIds.has(e.id))
    .map((edge) => ({
      ...edge,
      id: edgeIds.get(edge.id) as string,
      source: nodeIds.get(edge.source) as string,
      target: nodeIds.get(edge.target) as string,
    }));
  return {
    graph: { nodes: [...graph.nodes, ...nodes], edges: [...graph.edges, ...edges] },
    nodeIds: nodes.map((n) => n.id),
    edgeIds: edges.map((e) => e.id),
  };
}
