import "server-only";
import { eq } from "drizzle-orm";
import { getFlow } from "@/db/queries/approvals";
import { approvalFlows, approvalFlowVersions } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { NotFoundError, SafeError } from "@/lib/errors";
import { type Actor, requirePermission } from "@/lib/tenants/actor";
import type { TPublishFlow } from "@/lib/validation/approvals";
import { refuseFlowIssues, refuseUnknownApprovers } from "./check-flow";
import { asApprovalGraph } from "./flow-graph";
import { flowSummary } from "./save-flow";

/**
 * Publishes a flow's draft as its next version, immutable from then on: new orders route through
 * it, orders already submitted keep the version they pinned. The draft is checked again (it may
 * name a member who has left since it was saved). The flow is locked first, so two publishes
 * cannot take one number; an unchanged draft is refused ("already published as version N").
 */
export async function publishFlow(actor: Actor, input: Omit<TPublishFlow, "tenant">): Promise<{ version: number }> {
  requirePermission(actor, "flows.manage");
  return withTenant(actor, async (tx) => {
    const [locked] = await tx
      .select({ id: approvalFlows.id })
      .from(approvalFlows)
      .where(eq(approvalFlows.id, input.flowId))
      .for("update");
    if (!locked) throw new NotFoundError("flow");
    const flow = await getFlow(tx, input.flowId);
    if (!flow) throw new NotFoundError("flow");
    if (flow.publishedVersion !== null && !flow.hasUnpublishedChanges)
      throw new SafeError("approvals.already_published", { params: { version: flow.publishedVersion } });
    const graph = asApprovalGraph(flow.graph);
    refuseFlowIssues(graph);
    await refuseUnknownApprovers(tx, graph);
    const version = (flow.publishedVersion ?? 0) + 1;
    const [row] = await tx
      .insert(approvalFlowVersions)
      .values({ flowId: flow.id, version, graph: flow.graph, publishedBy: actor.userId })
      .returning({ id: approvalFlowVersions.id });
    if (!row) throw new Error("insert returned nothing");
    await tx
      .update(approvalFlows)
      .set({ publishedVersion: version, updatedBy: actor.userId, updatedAt: new Date() })
      .where(eq(approvalFlows.id, flow.id));
    await audit(tx, {
      action: "approval_flow.publish",
      targetType: "approval_flow",
      targetId: flow.id,
      before: { version: flow.publishedVersion },
      after: { version, ...flowSummary(flow) },
    });
    return { version };
  });
}
