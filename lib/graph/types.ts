/**
 * The graph model shared by the visual editor (components/graph, in the browser) and the server
 * that checks a save again: nodes, edges, and a registry of node types. Pure and framework-free
 * (no React, no database), so one set of rules runs on both sides. Approval flows and job DAGs
 * register their own node types; the rules in validate.ts read only the registry.
 */

export type Position = { x: number; y: number };

export type GraphNode<D = unknown> = {
  id: string;
  /** The node type's `kind` in the registry. */
  type: string;
  /** Top-left corner, in canvas units. */
  position: Position;
  /** Placed by hand: auto-layout leaves it where it is. */
  pinned?: boolean;
  data: D;
};

export type GraphEdge = {
  id: string;
  source: string;
  target: string;
  /** The source node's output handle; absent = its first output. */
  sourceHandle?: string;
  /** The target node's input handle; absent = its first input. */
  targetHandle?: string;
};

export type Graph<D = unknown> = { nodes: GraphNode<D>[]; edges: GraphEdge[] };

/** A connection being drawn (React Flow's `Connection`, handles possibly null). */
export type Connection = {
  source: string;
  target: string;
  sourceHandle?: string | null;
  targetHandle?: string | null;
};

/**
 * A handle on a node. `type` says what flows through it ("flow", "data", ...): an output connects
 * to an input of the same type, or either side is `ANY_HANDLE`.
 */
export type HandleSpec = { id: string; type: string };
export const ANY_HANDLE = "any";

/** What a node type is: its handles, how many edges it takes, and its part in the graph. */
export type NodeTypeSpec<D = unknown> = {
  kind: string;
  inputs: HandleSpec[];
  outputs: HandleSpec[];
  /** Bounds on incoming / outgoing edges (absent = 0 and unlimited). */
  minIn?: number;
  maxIn?: number;
  minOut?: number;
  maxOut?: number;
  /** Where the graph begins (exactly one), ends (at least one), or branches by rules (`ConditionData`). */
  role?: "start" | "end" | "condition";
  /** False when the node still needs configuring (a validation badge on the canvas). Absent = complete. */
  isComplete?: (data: D) => boolean;
};

export type NodeTypeRegistry = ReadonlyMap<string, NodeTypeSpec>;

/** A registry from its specs; two specs of one kind are a programming error. */
export function createRegistry(specs: NodeTypeSpec[]): NodeTypeRegistry {
  const registry = new Map<string, NodeTypeSpec>();
  for (const spec of specs) {
    if (registry.has(spec.kind)) throw new Error(`node type "${spec.kind}" is registered twice`);
    registry.set(spec.kind, spec);
  }
  return registry;
}

/** Order values a condition reads. */
export const ROUTE_FIELDS = ["environment", "purpose", "template", "requesterRole", "variable"] as const;
export type RouteField = (typeof ROUTE_FIELDS)[number];
export const ROUTE_OPS = ["eq", "neq", "in", "matches"] as const;
export type RouteOp = (typeof ROUTE_OPS)[number];

/**
 * One rule of a condition node: when the order's `field` (a variable's value for "variable")
 * compares to `value` by `op`, the order leaves by `edge` (an edge id leaving this node).
 * `in` takes a list; `matches` a regular expression that must match the whole value.
 */
export type ConditionRule = {
  field: RouteField;
  variable?: string;
  op: RouteOp;
  value: string | string[];
  edge: string;
};

/** The data of a node whose type has `role: "condition"`: rules in order, then the default route. */
export type ConditionData = { rules: ConditionRule[]; defaultEdge: string | null };

/** A node type's spec, or undefined for an unknown type. */
export const specOf = (registry: NodeTypeRegistry, node: GraphNode) => registry.get(node.type);

/** The output handle an edge leaves by (its own, or the node's first). */
export function outputHandle(spec: NodeTypeSpec, handle?: string | null): HandleSpec | undefined {
  return handle ? spec.outputs.find((h) => h.id === handle) : spec.outputs[0];
}

/** The input handle an edge arrives at (its own, or the node's first). */
export function inputHandle(spec: NodeTypeSpec, handle?: string | null): HandleSpec | undefined {
  return handle ? spec.inputs.find((h) => h.id === handle) : spec.inputs[0];
}

/** An output of `from` may feed an input of `to`. */
export const handlesFit = (from: HandleSpec, to: HandleSpec) =>
  from.type === to.type || from.type === ANY_HANDLE || to.type === ANY_HANDLE;
