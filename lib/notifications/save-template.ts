import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { notificationTemplates } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { SafeError } from "@/lib/errors";
import { type Actor, requirePermission } from "@/lib/tenants/actor";
import type { TSaveTemplate } from "@/lib/validation/notifications";
import { type NotifyEvent, type TemplateTarget, unknownVariables } from "./catalog";

/**
 * Saves the tenant's wording of one event for one target: a format, or an IM kind (its override of
 * the shared IM text). Unknown `${names}` are refused, each named.
 */
export async function saveNotificationTemplate(actor: Actor, input: Omit<TSaveTemplate, "tenant">) {
  requirePermission(actor, "channels.manage");
  for (const field of ["subject", "body"] as const) {
    const unknown = unknownVariables(input[field]);
    if (unknown.length) {
      throw new SafeError(
        `Unknown variable${unknown.length > 1 ? "s" : ""}: ${unknown.map((n) => `\${${n}}`).join(", ")}.`,
        { field },
      );
    }
  }
  await withTenant(actor, async (tx) => {
    const t = notificationTemplates;
    const [before] = await tx
      .select()
      .from(t)
      .where(and(eq(t.event, input.event), eq(t.format, input.format)));
    await tx
      .insert(t)
      .values({
        event: input.event,
        format: input.format,
        subject: input.subject,
        body: input.body,
        createdBy: actor.userId,
        updatedBy: actor.userId,
      })
      .onConflictDoUpdate({
        target: [t.tenantId, t.event, t.format],
        set: { subject: input.subject, body: input.body, updatedBy: actor.userId, updatedAt: sql`now()` },
      });
    await audit(tx, {
      action: "notification_template.save",
      targetType: "notification_template",
      targetId: null,
      before: before
        ? { event: before.event, format: before.format, subject: before.subject, body: before.body }
        : null,
      after: { event: input.event, format: input.format, subject: input.subject, body: input.body },
    });
  });
}

/** Drops the tenant's wording: a format goes back to the built-in one, an IM kind to the shared IM text. */
export async function resetNotificationTemplate(actor: Actor, input: { event: NotifyEvent; format: TemplateTarget }) {
  requirePermission(actor, "channels.manage");
  await withTenant(actor, async (tx) => {
    const t = notificationTemplates;
    const [before] = await tx
      .delete(t)
      .where(and(eq(t.event, input.event), eq(t.format, input.format)))
      .returning();
    if (before) {
      await audit(tx, {
        action: "notification_template.reset",
        targetType: "notification_template",
        before: { event: before.event, format: before.format, subject: before.subject, body: before.body },
      });
    }
  });
}
