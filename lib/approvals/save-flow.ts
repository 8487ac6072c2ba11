import "server-only";
import { eq } from "drizzle-orm";
import { approvalFlows } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { NotFoundError, pgConstraint, SafeError } from "@/lib/errors";
import { once } from "@/lib/idempotency";
import { type Actor, requirePermission } from "@/lib/tenants/actor";
import type { TSaveFlow } from "@/lib/validation/approvals";
import { levelNodes, refuseFlowIssues, refuseUnknownApprovers } from "./check-flow";
import type { FlowGraph } from "./flow";
import { type ApprovalGraph, asApprovalGraph, CONDITION } from "./flow-graph";

/** What the audit log keeps of a flow: its name, description, levels by name and how it branches. */
export function flowSummary(flow: {
  name: string;
  description: string;
  graph: { nodes: unknown[]; edges: unknown[] };
}) {
  const graph = asApprovalGraph(flow.graph);
  return {
    name: flow.name,
    description: flow.description,
    levels: levelNodes(graph).map((l) => l.level.name),
    conditions: graph.nodes.filter((n) => n.type === CONDITION).length,
    steps: graph.nodes.length,
  };
}

/**
 * Creates or updates an approval flow's draft from the designer's graph. The graph is checked as
 * the designer checks it (flowIssues), then its approvers against the tenant; any problem refuses
 * the save with the first one's code and writes nothing. Publishing is publishFlow. A repeat of
 * the form's idempotency key returns the first save.
 */
export async function saveFlow(actor: Actor, input: Omit<TSaveFlow, "tenant">): Promise<{ id: string }> {
  requirePermission(actor, "flows.manage");
  const graph: ApprovalGraph = asApprovalGraph(input.graph);
  refuseFlowIssues(graph);
  try {
    return await withTenant(
      actor,
      async (tx) =>
        (
          await once(tx, "approval_flow.save", input, async () => {
            await refuseUnknownApprovers(tx, graph);
            const stored = input.graph as FlowGraph;
            const values = {
              name: input.name,
              description: input.description,
              graph: stored,
              updatedBy: actor.userId,
              updatedAt: new Date(),
            };
            const after = flowSummary({ ...input, graph: stored });
            if (input.id) {
              const [before] = await tx
                .select()
                .from(approvalFlows)
                .where(eq(approvalFlows.id, input.id))
                .for("update");
              if (!before) throw new NotFoundError("flow");
              await tx.update(approvalFlows).set(values).where(eq(approvalFlows.id, input.id));
              await audit(tx, {
                action: "approval_flow.update",
                targetType: "approval_flow",
                targetId: input.id,
                before: flowSummary(before),
                after,
              });
              return { id: input.id };
            }
            const [row] = await tx
              .insert(approvalFlows)
              .values({ ...values, createdBy: actor.userId })
              .returning({ id: approvalFlows.id });
            if (!row) throw new Error("insert returned nothing");
            await audit(tx, {
              action: "approval_flow.create",
              targetType: "approval_flow",
              targetId: row.id,
              after,
            });
            return row;
          })
        ).result,
    );
  } catch (error) {
    if (pgConstraint(error) === "approval_flows_name_key") {
      throw new SafeError("approvals.flow_name_taken", { params: { name: input.name }, field: "name" });
    }
    throw error;
  }
}
