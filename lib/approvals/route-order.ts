import "server-only";
import { eq } from "drizzle-orm";
import { getFlowVersion } from "@/db/queries/approvals";
import { approvalFlows, type woTemplateVersions } from "@/db/schema";
import type { Tx } from "@/db/tenant";
import { SafeError } from "@/lib/errors";
import type { Actor } from "@/lib/tenants/actor";
import { asApprovalGraph, orderRouteValues } from "./flow-graph";
import { routeOrRefuse } from "./preview-route";

type TemplateVersion = typeof woTemplateVersions.$inferSelect;

/**
 * The route an order of this template version, with these values, by this requester takes: through
 * the PUBLISHED version of the template's flow (a draft never routes an order). Evaluated once, at
 * submit (and by the submit page's preview); the order pins the version, the path and the levels.
 */
export async function routeOrder(
  tx: Tx,
  actor: Actor,
  template: TemplateVersion,
  values: Record<string, string | string[]>,
) {
  const flowId = template.approvalFlowId;
  const [flow] = flowId
    ? await tx
        .select({ id: approvalFlows.id, publishedVersion: approvalFlows.publishedVersion })
        .from(approvalFlows)
        .where(eq(approvalFlows.id, flowId))
    : [];
  if (!flow) throw new SafeError("work-orders.flow_gone");
  const version = flow.publishedVersion === null ? null : await getFlowVersion(tx, flow.id, flow.publishedVersion);
  if (!version) throw new SafeError("work-orders.flow_not_published");
  const graph = asApprovalGraph(version.graph);
  const routed = routeOrRefuse(
    graph,
    orderRouteValues({
      environmentId: template.environmentId,
      purposeId: template.purposeId,
      templateId: template.templateId,
      requesterRole: actor.role,
      values,
    }),
  );
  return { version, graph, ...routed };
}
