import { type MessageParams, msg } from "@/lib/i18n/message";
import type { Role } from "@/lib/roles";

/** Pure approval-flow model shared by the engine, validation and the (future) visual designer. */

export const LEVEL_KINDS = ["single", "countersign", "or", "cc"] as const;
export type LevelKind = (typeof LEVEL_KINDS)[number];

/** English labels (pages take `approvals.kinds.<kind>` from the messages). */
export const LEVEL_KIND_LABEL: Record<LevelKind, string> = {
  single: "Single approver",
  countersign: "Countersign (all must approve)",
  or: "Or-sign (any one approves)",
  cc: "CC (notify only)",
};

export type FlowLevel = {
  name: string;
  kind: LevelKind;
  /** Named approvers (user ids). */
  users: string[];
  /** Every member with one of these roles approves too. */
  roles: Role[];
  /** Hours the level may wait before the order expires; null = no limit. */
  timeoutHours: number | null;
};

/**
 * What is wrong with a level's approvers, or null: a `msg()` code (`approvals.*`), rendered for the reader. A single-approver level names exactly one
 * member: "one approver" out of a role would be whichever holder came first, so several people or
 * a role ask for countersign (all of them) or or-sign (any one of them).
 */
export function approversIssue(level: Pick<FlowLevel, "kind" | "users" | "roles">): string | null {
  if (level.users.length === 0 && level.roles.length === 0) return msg("approvals.pick_approver");
  if (level.kind === "single" && (level.users.length !== 1 || level.roles.length > 0)) {
    return msg("approvals.single_one_member");
  }
  return null;
}

export type FlowNode =
  | { id: string; type: "start" | "end"; position: { x: number; y: number } }
  | { id: string; type: "approval"; position: { x: number; y: number }; data: FlowLevel };
export type FlowEdge = { id: string; source: string; target: string };
export type FlowGraph = { nodes: FlowNode[]; edges: FlowEdge[] };

/** A straight chain start → level 1 → … → end, laid out top to bottom. */
export function levelsToGraph(levels: FlowLevel[]): FlowGraph {
  const ids = ["start", ...levels.map((_, i) => `level-${i + 1}`), "end"];
  const nodes: FlowNode[] = ids.map((id, i) => {
    const position = { x: 0, y: i * 120 };
    const level = levels[i - 1];
    if (id === "start" || id === "end") return { id, type: id, position };
    return { id, type: "approval", position, data: level as FlowLevel };
  });
  const edges = ids.slice(1).map((target, i) => ({ id: `e-${ids[i]}-${target}`, source: ids[i] as string, target }));
  return { nodes, edges };
}

/** A graph that is not a flow: `code` (`approvals.*`) and `params` for the reader, `message` in English. */
export class FlowError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly params?: MessageParams,
  ) {
    super(message);
  }
}

/**
 * The ordered levels of a graph, after checking it: unique ids, one start and one end, edges
 * between known nodes, no cycles, every node on the single path from start to end.
 */
export function graphToLevels(graph: FlowGraph): FlowLevel[] {
  const byId = new Map<string, FlowNode>();
  for (const node of graph.nodes) {
    if (byId.has(node.id))
      throw new FlowError("approvals.flow_duplicate_id", `Two steps share the id "${node.id}".`, { id: node.id });
    byId.set(node.id, node);
  }
  const starts = graph.nodes.filter((n) => n.type === "start");
  const ends = graph.nodes.filter((n) => n.type === "end");
  if (starts.length !== 1 || ends.length !== 1)
    throw new FlowError("approvals.flow_start_end", "A flow needs exactly one start and one end.");
  const next = new Map<string, string>();
  for (const edge of graph.edges) {
    if (!byId.has(edge.source) || !byId.has(edge.target)) {
      throw new FlowError(
        "approvals.flow_dangling",
        `A connection points to a step that does not exist (${edge.source} → ${edge.target}).`,
        { source: edge.source, target: edge.target },
      );
    }
    if (next.has(edge.source))
      throw new FlowError(
        "approvals.flow_branch",
        "Approval levels run one after another: a step may lead to one next step only.",
      );
    next.set(edge.source, edge.target);
  }
  const levels: FlowLevel[] = [];
  const seen = new Set<string>();
  let at = (starts[0] as FlowNode).id;
  while (true) {
    if (seen.has(at)) throw new FlowError("approvals.flow_loop", "The flow loops back on itself.");
    seen.add(at);
    const node = byId.get(at) as FlowNode;
    if (node.type === "approval") levels.push(node.data);
    if (node.type === "end") break;
    const to = next.get(at);
    if (!to) throw new FlowError("approvals.flow_unfinished", "The flow does not reach its end: connect every level.");
    at = to;
  }
  if (seen.size !== byId.size)
    throw new FlowError("approvals.flow_disconnected", "Some steps are not connected to the flow.");
  if (levels.length === 0) throw new FlowError("approvals.flow_no_levels", "A flow needs at least one approval level.");
  if (levels.every((l) => l.kind === "cc"))
    throw new FlowError("approvals.flow_only_cc", "A flow needs at least one level that decides (not only CC).");
  return levels;
}
