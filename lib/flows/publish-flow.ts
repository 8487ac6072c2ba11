import "server-only";
import { eq } from "drizzle-orm";
import { getFlow } from "@/db/queries/flows";
import { jobFlows, jobFlowVersions } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { NotFoundError, SafeError } from "@/lib/errors";
import { type Actor, requirePermission } from "@/lib/tenants/actor";
import type { TPublishJobFlow } from "@/lib/validation/flows";
import { flowSummary, refuseFlowIssues } from "./save-flow";

/**
 * Publishes a flow's draft (graph and settings) as its next version, immutable from then on: runs
 * started after it use it, runs already started keep the version they pinned. The draft is checked
 * again (flowIssues) and refused with its issues. The flow is locked first, so two publishes cannot
 * take one number; an unchanged draft is refused ("already published as version N").
 */
export async function publishFlow(actor: Actor, input: Omit<TPublishJobFlow, "tenant">): Promise<{ version: number }> {
  requirePermission(actor, "jobs.manage");
  return withTenant(actor, async (tx) => {
    const [locked] = await tx
      .select({ id: jobFlows.id })
      .from(jobFlows)
      .where(eq(jobFlows.id, input.flowId))
      .for("update");
    if (!locked) throw new NotFoundError("flow");
    const flow = await getFlow(tx, input.flowId);
    if (!flow || flow.archived) throw new NotFoundError("flow");
    if (flow.publishedVersion !== null && !flow.hasUnpublishedChanges)
      throw new SafeError("flows.already_published", { params: { version: flow.publishedVersion } });
    const settings = { parameters: flow.parameters, parallelism: flow.parallelism, timeoutMs: flow.timeoutMs };
    refuseFlowIssues(flow.graph, settings);
    const version = (flow.publishedVersion ?? 0) + 1;
    await tx
      .insert(jobFlowVersions)
      .values({ flowId: flow.id, version, graph: flow.graph, ...settings, publishedBy: actor.userId });
    await tx
      .update(jobFlows)
      .set({ publishedVersion: version, updatedBy: actor.userId, updatedAt: new Date() })
      .where(eq(jobFlows.id, flow.id));
    await audit(tx, {
      action: "job_flow.publish",
      targetType: "job_flow",
      targetId: flow.id,
      before: { version: flow.publishedVersion },
      after: { version, ...flowSummary(flow) },
    });
    return { version };
  });
}
