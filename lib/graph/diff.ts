/**
 * (Pure, no server imports: shared by the versions page and the designer.)
 * What changed between two versions of a graph, for people to read ("Added level “Change board”",
 * "Level “Lead”: kind single → or", "Moved 3 steps"). Pure and generic: nodes and edges are matched
 * by id; a node's data is compared field by field (top-level keys, values compared as canonical
 * JSON, so key order never counts as a change). Where a node sits is told apart from what it is
 * (`moved` vs `changed`); whether it is pinned is layout, not content, and is not reported. An
 * edge whose id stayed but whose ends or handles changed is reported as removed and added.
 */
import type { Graph, GraphEdge, GraphNode, Position } from "./types";

export type FieldChange = { field: string; before: unknown; after: unknown };
export type NodeChange<D = unknown> = { id: string; before: GraphNode<D>; after: GraphNode<D>; fields: FieldChange[] };
export type NodeMove = { id: string; from: Position; to: Position };

export type GraphDiff<D = unknown> = {
  nodes: { added: GraphNode<D>[]; removed: GraphNode<D>[]; changed: NodeChange<D>[]; moved: NodeMove[] };
  edges: { added: GraphEdge[]; removed: GraphEdge[] };
};

/** JSON with object keys sorted at every depth (array order kept) and undefined members left out. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (!v || typeof v !== "object" || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}

const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/** A node's data as a record of fields (a missing or non-object data has none, or one field "data"). */
function fieldsOf(data: unknown): Record<string, unknown> {
  if (data === undefined || data === null) return {};
  if (typeof data === "object" && !Array.isArray(data)) return data as Record<string, unknown>;
  return { data };
}

function changedFields<D>(before: GraphNode<D>, after: GraphNode<D>): FieldChange[] {
  const changes: FieldChange[] = [];
  if (before.type !== after.type) changes.push({ field: "type", before: before.type, after: after.type });
  const a = fieldsOf(before.data);
  const b = fieldsOf(after.data);
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const field of keys) if (!same(a[field], b[field])) changes.push({ field, before: a[field], after: b[field] });
  return changes;
}

const edgeShape = (e: GraphEdge) => [e.source, e.sourceHandle ?? null, e.target, e.targetHandle ?? null];

/** What turns graph `a` into graph `b`, in `b`'s order for what is there and `a`'s for what left. */
export function diffGraphs<D>(a: Graph<D>, b: Graph<D>): GraphDiff<D> {
  const before = new Map(a.nodes.map((n) => [n.id, n]));
  const after = new Map(b.nodes.map((n) => [n.id, n]));
  const diff: GraphDiff<D> = {
    nodes: { added: [], removed: [], changed: [], moved: [] },
    edges: { added: [], removed: [] },
  };
  for (const node of b.nodes) {
    const old = before.get(node.id);
    if (!old) {
      diff.nodes.added.push(node);
      continue;
    }
    const fields = changedFields(old, node);
    if (fields.length) diff.nodes.changed.push({ id: node.id, before: old, after: node, fields });
    if (old.position.x !== node.position.x || old.position.y !== node.position.y)
      diff.nodes.moved.push({ id: node.id, from: old.position, to: node.position });
  }
  for (const node of a.nodes) if (!after.has(node.id)) diff.nodes.removed.push(node);
  const oldEdges = new Map(a.edges.map((e) => [e.id, e]));
  const newEdges = new Map(b.edges.map((e) => [e.id, e]));
  for (const edge of a.edges) {
    const now = newEdges.get(edge.id);
    if (!now || !same(edgeShape(edge), edgeShape(now))) diff.edges.removed.push(edge);
  }
  for (const edge of b.edges) {
    const was = oldEdges.get(edge.id);
    if (!was || !same(edgeShape(was), edgeShape(edge))) diff.edges.added.push(edge);
  }
  return diff;
}

/** No change at all (moves included). */
export const isEmptyDiff = (d: GraphDiff) =>
  d.nodes.added.length + d.nodes.removed.length + d.nodes.changed.length + d.nodes.moved.length === 0 &&
  d.edges.added.length + d.edges.removed.length === 0;
