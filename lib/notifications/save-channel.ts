import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { notificationChannels } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { decryptSecret, encryptSecret } from "@/lib/crypto";
import { NotFoundError, pgConstraint, SafeError } from "@/lib/errors";
import { once } from "@/lib/idempotency";
import { privateUrlRefusal } from "@/lib/net/fetch-outbound";
import { type Actor, requirePermission } from "@/lib/tenants/actor";
import type { TSaveChannel } from "@/lib/validation/notifications";
import { SIGNED_KINDS, URL_KINDS } from "./catalog";
import type { ChannelSecret } from "./post-to-channel";

/** What the audit log may show of a channel: never its URL or secret, only whether they changed. */
const shown = (c: { name: string; kind: string; enabled: boolean; events: string[] }) => ({
  name: c.name,
  kind: c.kind,
  enabled: c.enabled,
  events: c.events.length ? c.events : ["all"],
});

/**
 * Creates or updates a channel. URL kinds keep `{url, signingSecret}` encrypted; an edit that
 * leaves the URL or secret empty keeps the stored ones. Email and In-app are built in: they can be
 * renamed, limited to events or disabled, not created twice. A repeat of the form's idempotency
 * key returns the first save.
 */
export async function saveChannel(actor: Actor, input: Omit<TSaveChannel, "tenant">) {
  requirePermission(actor, "channels.manage");
  const usesUrl = URL_KINDS.includes(input.kind);
  if (input.signingSecret && !SIGNED_KINDS.includes(input.kind)) {
    throw new SafeError("notifications.no_signing_secret", { field: "signingSecret" });
  }
  // A host written as a private IP is refused now; a name is checked where it is called (fetchOutbound).
  const refused = usesUrl && input.url ? privateUrlRefusal(input.url) : null;
  if (refused) throw new SafeError(refused.message, { field: "url" });
  try {
    return await withTenant(
      actor,
      async (tx) =>
        (
          await once(tx, "notification_channel.save", input, async () => {
            const [before] = input.id
              ? await tx.select().from(notificationChannels).where(eq(notificationChannels.id, input.id))
              : [];
            if (input.id && !before) throw new NotFoundError("channel");
            if (before && before.kind !== input.kind) {
              throw new SafeError("notifications.kind_fixed", { field: "kind" });
            }
            if (!before && !usesUrl) {
              throw new SafeError("notifications.builtin_kind", { field: "kind" });
            }
            let secret: string | null = before?.secret ?? null;
            if (usesUrl) {
              const stored: ChannelSecret | null = secret ? JSON.parse(decryptSecret(secret)) : null;
              const url = input.url || stored?.url;
              if (!url) throw new SafeError("notifications.url_required", { field: "url" });
              const signingSecret = input.clearSigningSecret ? undefined : input.signingSecret || stored?.signingSecret;
              secret = encryptSecret(JSON.stringify({ url, ...(signingSecret ? { signingSecret } : {}) }));
            }
            const values = {
              name: input.name,
              enabled: input.enabled,
              events: input.events,
              secret,
              updatedBy: actor.userId,
            };
            const [row] = before
              ? await tx
                  .update(notificationChannels)
                  .set({ ...values, updatedAt: sql`now()` })
                  .where(eq(notificationChannels.id, before.id))
                  .returning()
              : await tx
                  .insert(notificationChannels)
                  .values({ ...values, kind: input.kind, createdBy: actor.userId })
                  .returning();
            if (!row) throw new Error("channel write returned nothing");
            await audit(tx, {
              action: before ? "notification_channel.update" : "notification_channel.create",
              targetType: "notification_channel",
              targetId: row.id,
              before: before ? shown(before) : null,
              after: {
                ...shown(row),
                ...(input.url ? { url: "(changed)" } : {}),
                ...(input.signingSecret || input.clearSigningSecret ? { signingSecret: "(changed)" } : {}),
              },
            });
            return { id: row.id, name: row.name };
          })
        ).result,
    );
  } catch (error) {
    if (pgConstraint(error) === "notification_channels_name_key") {
      throw new SafeError("notifications.name_taken", { params: { name: input.name }, field: "name" });
    }
    throw error;
  }
}

/** Deletes an added channel (its delivery log is kept, by name). The built-in ones can only be disabled. */
export async function deleteChannel(actor: Actor, input: { id: string }) {
  requirePermission(actor, "channels.manage");
  await withTenant(actor, async (tx) => {
    const [row] = await tx.select().from(notificationChannels).where(eq(notificationChannels.id, input.id));
    if (!row) throw new NotFoundError("channel");
    if (!URL_KINDS.includes(row.kind))
      throw new SafeError("notifications.builtin_delete", { params: { name: row.name } });
    await tx.delete(notificationChannels).where(and(eq(notificationChannels.id, row.id)));
    await audit(tx, {
      action: "notification_channel.delete",
      targetType: "notification_channel",
      targetId: row.id,
      before: shown(row),
    });
  });
}
