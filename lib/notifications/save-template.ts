import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import { notificationTemplates } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { SafeError } from "@/lib/errors";
import { type Actor, requirePermission } from "@/lib/tenants/actor";
import type { TSaveTemplate } from "@/lib/validation/notifications";
import { type NotifyEvent, type TemplateTarget, unknownVariables } from "./catalog";

/** The row of one (event, target, language); a null language is the default version. */
const localeIs = (locale: string | null | undefined) =>
  locale ? eq(notificationTemplates.locale, locale) : isNull(notificationTemplates.locale);

/**
 * Saves the tenant's wording of one event for one target: a format, or an IM kind (its override of
 * the shared IM text), in one language (`locale`) or as the default version (no language).
 * Unknown `${names}` are refused, each named.
 */
export async function saveNotificationTemplate(
  actor: Actor,
  input: Omit<TSaveTemplate, "tenant" | "locale"> & { locale?: string | null },
) {
  requirePermission(actor, "channels.manage");
  for (const field of ["subject", "body"] as const) {
    const unknown = unknownVariables(input[field]);
    if (unknown.length) {
      throw new SafeError("notifications.unknown_variables", {
        params: { count: unknown.length, names: unknown.map((n) => `\${${n}}`).join(", ") },
        field,
      });
    }
  }
  await withTenant(actor, async (tx) => {
    const t = notificationTemplates;
    const [before] = await tx
      .select()
      .from(t)
      .where(and(eq(t.event, input.event), eq(t.format, input.format), localeIs(input.locale)));
    const locale = input.locale ?? null;
    await tx
      .insert(t)
      .values({
        event: input.event,
        format: input.format,
        locale,
        subject: input.subject,
        body: input.body,
        createdBy: actor.userId,
        updatedBy: actor.userId,
      })
      .onConflictDoUpdate({
        target: [t.tenantId, t.event, t.format, t.locale],
        set: { subject: input.subject, body: input.body, updatedBy: actor.userId, updatedAt: sql`now()` },
      });
    await audit(tx, {
      action: "notification_template.save",
      targetType: "notification_template",
      targetId: null,
      before: before
        ? {
            event: before.event,
            format: before.format,
            locale: before.locale,
            subject: before.subject,
            body: before.body,
          }
        : null,
      after: { event: input.event, format: input.format, locale, subject: input.subject, body: input.body },
    });
  });
}

/**
 * Drops the tenant's wording in one language (or its default version): a format goes back to the
 * next version (`resolveTemplate`) and at the end the built-in one, an IM kind to the shared IM text.
 */
export async function resetNotificationTemplate(
  actor: Actor,
  input: { event: NotifyEvent; format: TemplateTarget; locale?: string | null },
) {
  requirePermission(actor, "channels.manage");
  await withTenant(actor, async (tx) => {
    const t = notificationTemplates;
    const [before] = await tx
      .delete(t)
      .where(and(eq(t.event, input.event), eq(t.format, input.format), localeIs(input.locale)))
      .returning();
    if (before) {
      await audit(tx, {
        action: "notification_template.reset",
        targetType: "notification_template",
        before: {
          event: before.event,
          format: before.format,
          locale: before.locale,
          subject: before.subject,
          body: before.body,
        },
      });
    }
  });
}
