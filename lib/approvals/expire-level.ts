import "server-only";
import { and, eq } from "drizzle-orm";
import { workOrders } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { dispatch, enqueue } from "@/lib/events/publish";
import { cancelPending, lockOrder, recordOnTimeline } from "./engine";

/**
 * A level waited past its timeout (called by the approval-wait Inngest function). The order
 * expires only if it is still pending on that same level; otherwise nothing changes.
 */
export async function expireLevel(input: { tenantId: string; orderId: string; level: number }): Promise<boolean> {
  const outbox = await withTenant({ tenantId: input.tenantId, userId: null }, async (tx) => {
    const order = await lockOrder(tx, input.orderId);
    if (order.status !== "pending" || order.currentLevel !== input.level) return null;
    await cancelPending(tx, order.id);
    await tx
      .update(workOrders)
      .set({ status: "expired", decidedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(workOrders.id, order.id), eq(workOrders.status, "pending")));
    await recordOnTimeline(tx, order, {
      action: "expire",
      actorId: null,
      via: "system",
      comment: "The approval level timed out.",
    });
    await audit(tx, {
      action: "work_order.expire",
      targetType: "work_order",
      targetId: order.id,
      actorLabel: "system",
      before: { status: "pending", level: input.level },
      after: { status: "expired" },
    });
    const base = { tenantId: order.tenantId, orderId: order.id };
    return enqueue(tx, order.tenantId, [
      { name: "work-order/expired", data: { ...base, requesterId: order.requesterId, level: input.level } },
    ]);
  });
  if (!outbox) return false;
  dispatch(outbox);
  return true;
}
