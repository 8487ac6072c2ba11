import "server-only";
import { and, eq } from "drizzle-orm";
import { workOrders } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { ForbiddenError, SafeError } from "@/lib/errors";
import { dispatch, enqueue } from "@/lib/events/publish";
import { msgKey } from "@/lib/i18n/message";
import type { Actor } from "@/lib/tenants/actor";
import { cancelPending } from "./engine";
import { lockOrder, orderSubject, recordOnTimeline } from "./subjects/work-order";

/** The requester takes back a pending order. Once decided (approved, rejected, expired) it cannot be. */
export async function withdrawOrder(actor: Actor, input: { orderId: string; comment?: string }) {
  const outbox = await withTenant(actor, async (tx) => {
    const order = await lockOrder(tx, input.orderId);
    if (order.requesterId !== actor.userId) throw new ForbiddenError("approvals.withdraw_not_requester");
    if (order.status !== "pending") {
      throw new SafeError("approvals.withdraw_not_pending", {
        params: { status: msgKey(`approvals.status.${order.status}`) },
      });
    }
    await cancelPending(tx, orderSubject(order));
    await tx
      .update(workOrders)
      .set({ status: "withdrawn", decidedAt: new Date(), updatedAt: new Date(), updatedBy: actor.userId })
      .where(and(eq(workOrders.id, order.id), eq(workOrders.status, "pending")));
    await recordOnTimeline(tx, order, { action: "withdraw", actorId: actor.userId, comment: input.comment });
    await audit(tx, {
      action: "work_order.withdraw",
      targetType: "work_order",
      targetId: order.id,
      before: { status: "pending" },
      after: { status: "withdrawn" },
    });
    const base = { tenantId: order.tenantId, orderId: order.id };
    return enqueue(tx, order.tenantId, [
      {
        name: "approval/level.closed" as const,
        data: { ...base, level: order.currentLevel ?? 0, outcome: "withdrawn" },
      },
      { name: "work-order/withdrawn" as const, data: { ...base, requesterId: order.requesterId } },
    ]);
  });
  dispatch(outbox);
}
