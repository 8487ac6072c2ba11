import "server-only";
import { inArray } from "drizzle-orm";
import { unknownRoles } from "@/db/queries/tenancy";
import { memberships } from "@/db/schema";
import type { Tx } from "@/db/tenant";
import { SafeError } from "@/lib/errors";
import type { GraphIssue } from "@/lib/graph/validate";
import { parseMsg } from "@/lib/i18n/message";
import { approversIssue, type FlowLevel } from "./flow";
import { type ApprovalGraph, flowIssues, LEVEL } from "./flow-graph";

/**
 * The field a refusal of a graph names: "graph.node.<id>" when it is about one node (the designer
 * points at it), else "graph".
 */
export const graphField = (nodeId?: string) => (nodeId ? `graph.node.${nodeId}` : "graph");

/** The graph's levels in node order, with their node ids. */
export function levelNodes(graph: ApprovalGraph) {
  return graph.nodes.flatMap((n) => (n.type === LEVEL ? [{ nodeId: n.id, level: n.data as FlowLevel }] : []));
}

/** The SafeError of a graph issue: its code and parameters, the node in `params.nodeId` and the field. */
export function issueError(issue: GraphIssue): SafeError {
  const params = { ...(parseMsg(issue.message)?.params ?? {}), ...(issue.nodeId ? { nodeId: issue.nodeId } : {}) };
  return new SafeError(issue.code, { params, field: graphField(issue.nodeId) });
}

/**
 * Refuses a graph that is not a flow, naming the first problem: a level's approvers as the form
 * editor told them ("Level 2 (“Ops”): pick at least one member or role"), then the graph and flow
 * rules (flowIssues: a cycle, a condition without a default route, ...). Pure: no database.
 */
export function refuseFlowIssues(graph: ApprovalGraph): void {
  levelNodes(graph).forEach(({ nodeId, level }, i) => {
    const problem = approversIssue(level);
    if (problem)
      throw new SafeError("approvals.level_issue", {
        params: { n: i + 1, name: level.name, problem, nodeId },
        field: graphField(nodeId),
      });
  });
  const [first] = flowIssues(graph);
  if (first) throw issueError(first);
}

/** Refuses levels that name roles the tenant does not have, or approvers who are not its members. */
export async function refuseUnknownApprovers(tx: Tx, graph: ApprovalGraph): Promise<void> {
  const levels = levelNodes(graph);
  const unknown = await unknownRoles(
    tx,
    levels.flatMap((l) => l.level.roles),
  );
  if (unknown.length) {
    const at = levels.find((l) => l.level.roles.some((r) => unknown.includes(r)));
    throw new SafeError("approvals.unknown_roles", {
      params: { roles: unknown.join(", "), ...(at ? { nodeId: at.nodeId } : {}) },
      field: graphField(at?.nodeId),
    });
  }
  const named = [...new Set(levels.flatMap((l) => l.level.users))];
  if (named.length === 0) return;
  const found = await tx.select({ id: memberships.userId }).from(memberships).where(inArray(memberships.userId, named));
  if (found.length === named.length) return;
  const members = new Set(found.map((r) => r.id));
  const at = levels.find((l) => l.level.users.some((u) => !members.has(u)));
  throw new SafeError("approvals.approvers_not_members", {
    params: at ? { nodeId: at.nodeId } : {},
    field: graphField(at?.nodeId),
  });
}
