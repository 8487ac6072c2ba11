import "server-only";
import { and, eq } from "drizzle-orm";
import { notificationMutes, workOrders } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { NotFoundError } from "@/lib/errors";
import type { Actor } from "@/lib/tenants/actor";

/** A member mutes (or unmutes) one order: nothing more of it reaches them, approval requests aside. */
export async function muteOrder(actor: Actor, input: { orderId: string; muted: boolean }): Promise<void> {
  await withTenant(actor, async (tx) => {
    const [order] = await tx.select({ id: workOrders.id }).from(workOrders).where(eq(workOrders.id, input.orderId));
    if (!order) throw new NotFoundError("order");
    const m = notificationMutes;
    const changed = input.muted
      ? await tx.insert(m).values({ userId: actor.userId, orderId: order.id }).onConflictDoNothing().returning()
      : await tx
          .delete(m)
          .where(and(eq(m.userId, actor.userId), eq(m.orderId, order.id)))
          .returning();
    if (changed.length) {
      await audit(tx, {
        action: input.muted ? "work_order.mute" : "work_order.unmute",
        targetType: "work_order",
        targetId: order.id,
      });
    }
  });
}
