import "server-only";
import { sql } from "drizzle-orm";
import { notificationPreferences } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import type { Actor } from "@/lib/tenants/actor";
import type { NotifyEvent, PreferenceGroup } from "./catalog";

/** A member's own choice, per event, of the channel groups (email / in-app / IM) they want. */
export async function savePreferences(
  actor: Actor,
  input: { preferences: Partial<Record<NotifyEvent, PreferenceGroup[]>> },
): Promise<void> {
  const rows = Object.entries(input.preferences).map(([event, channels]) => ({
    userId: actor.userId,
    event,
    channels: [...new Set(channels ?? [])],
  }));
  if (rows.length === 0) return;
  await withTenant(actor, async (tx) => {
    const p = notificationPreferences;
    await tx
      .insert(p)
      .values(rows)
      .onConflictDoUpdate({
        target: [p.tenantId, p.userId, p.event],
        set: { channels: sql`excluded.channels`, updatedAt: sql`now()` },
      });
    await audit(tx, {
      action: "notification_preferences.save",
      targetType: "member",
      targetId: actor.userId,
      after: Object.fromEntries(rows.map((r) => [r.event, r.channels.join(",") || "none"])),
    });
  });
}
