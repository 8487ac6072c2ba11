import { msg } from "@/lib/i18n/message";
import type { Role } from "@/lib/roles";

/**
 * Pure approval-flow model shared by the engine, validation and the designer: a level, its
 * approvers' check, and the chain today's form editor stored (graphs: flow-graph.ts).
 */

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
