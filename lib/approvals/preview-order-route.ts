import "server-only";
import { eq } from "drizzle-orm";
import { isCurrentVersion } from "@/db/queries/work-orders";
import { woTemplates, woTemplateVersions } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { ForbiddenError, NotFoundError, SafeError } from "@/lib/errors";
import { can } from "@/lib/permissions";
import type { Actor } from "@/lib/tenants/actor";
import type { TPreviewOrderRoute } from "@/lib/validation/approvals";
import { describeRoute } from "./describe-route";
import type { RoutePreview } from "./flow-graph";
import { routeOrder } from "./route-order";

/**
 * The route an order of this template would take if this requester submitted these values now,
 * with the members each level would ask (the requester left out under four eyes, as at submit):
 * the submit page shows it before submitting. null = the template needs no approval. Values are
 * not checked against the options here (the form may be half filled); submit checks them.
 */
export async function previewOrderRoute(
  actor: Actor,
  input: Omit<TPreviewOrderRoute, "tenant">,
): Promise<RoutePreview | null> {
  return withTenant(actor, async (tx) => {
    const [row] = await tx
      .select({ v: woTemplateVersions, enabled: woTemplates.enabled })
      .from(woTemplates)
      .innerJoin(woTemplateVersions, isCurrentVersion)
      .where(eq(woTemplates.id, input.templateId));
    if (!row) throw new NotFoundError("template");
    if (!row.enabled) throw new SafeError("work-orders.template_disabled");
    if (!can(actor, "work.submit") || !row.v.submitRoles.includes(actor.role))
      throw new ForbiddenError("work-orders.role_not_for_submit");
    if (!row.v.requiresApproval) return null;
    const routed = await routeOrder(tx, actor, row.v, input.values);
    return describeRoute(tx, routed.graph, routed, {
      version: routed.version.version,
      barred: row.v.fourEyes ? [actor.userId] : [],
    });
  });
}
