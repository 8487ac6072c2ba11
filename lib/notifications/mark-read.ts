import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import { inAppNotifications } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import type { Actor } from "@/lib/tenants/actor";

/** Marks one of the member's own notifications read, or all of them (`id` absent). Returns how many changed. */
export async function markRead(actor: Actor, input: { id?: string }): Promise<number> {
  return withTenant(actor, async (tx) => {
    const n = inAppNotifications;
    const rows = await tx
      .update(n)
      .set({ readAt: sql`now()` })
      .where(and(eq(n.userId, actor.userId), isNull(n.readAt), input.id ? eq(n.id, input.id) : undefined))
      .returning({ id: n.id });
    return rows.length;
  });
}
