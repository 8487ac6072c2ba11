import "server-only";
import { eq } from "drizzle-orm";
import { tenants } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { NotFoundError } from "@/lib/errors";
import type { Locale } from "@/lib/i18n/locales";
import { type Actor, requirePermission } from "./actor";

export async function updateTenant(
  actor: Actor,
  input: { name: string; timeZone: string; approvalLinkTtlHours?: number; defaultLocale?: Locale },
): Promise<void> {
  requirePermission(actor, "settings.manage");
  await withTenant(actor, async (tx) => {
    const [before] = await tx
      .select({
        name: tenants.name,
        timeZone: tenants.timeZone,
        defaultLocale: tenants.defaultLocale,
        approvalLinkTtlHours: tenants.approvalLinkTtlHours,
      })
      .from(tenants)
      .where(eq(tenants.id, actor.tenantId))
      .for("update");
    if (!before) throw new NotFoundError("tenant");
    await tx
      .update(tenants)
      .set({ ...input, updatedAt: new Date(), updatedBy: actor.userId })
      .where(eq(tenants.id, actor.tenantId));
    await audit(tx, { action: "tenant.update", targetType: "tenant", targetId: actor.tenantId, before, after: input });
  });
}
