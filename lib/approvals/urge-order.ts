import "server-only";
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { approvalTasks, workOrders } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { ForbiddenError, SafeError } from "@/lib/errors";
import { dispatch, enqueue } from "@/lib/events/publish";
import type { Actor } from "@/lib/tenants/actor";
import { ofSubject, requirePending } from "./engine";
import { lockOrder, orderSubject, recordOnTimeline } from "./subjects/work-order";

export const URGE_INTERVAL_MINUTES = 60;

/** The requester nudges the pending approvers; at most once an hour per order. */
export async function urgeOrder(actor: Actor, input: { orderId: string }): Promise<{ approvers: number }> {
  const { outbox, approvers } = await withTenant(actor, async (tx) => {
    const order = await lockOrder(tx, input.orderId);
    if (order.requesterId !== actor.userId) throw new ForbiddenError("approvals.urge_not_requester");
    requirePending(orderSubject(order));
    const urged = await tx
      .update(workOrders)
      .set({ lastUrgedAt: new Date() })
      .where(
        and(
          eq(workOrders.id, order.id),
          or(
            isNull(workOrders.lastUrgedAt),
            lt(workOrders.lastUrgedAt, sql`now() - make_interval(mins => ${URGE_INTERVAL_MINUTES})`),
          ),
        ),
      )
      .returning({ id: workOrders.id });
    if (urged.length === 0) {
      const next = new Date((order.lastUrgedAt?.getTime() ?? Date.now()) + URGE_INTERVAL_MINUTES * 60_000);
      throw new SafeError("approvals.urge_too_soon", { params: { time: next.toISOString().slice(11, 16) } });
    }
    const pending = await tx
      .select({ approverId: approvalTasks.approverId })
      .from(approvalTasks)
      .where(and(ofSubject(approvalTasks, orderSubject(order)), eq(approvalTasks.status, "pending")));
    const approverIds = pending.map((p) => p.approverId);
    await recordOnTimeline(tx, order, { action: "urge", actorId: actor.userId, detail: { approvers: approverIds } });
    await audit(tx, {
      action: "work_order.urge",
      targetType: "work_order",
      targetId: order.id,
      after: { approvers: approverIds },
    });
    return {
      approvers: approverIds.length,
      outbox: await enqueue(tx, order.tenantId, [
        { name: "approval/urged", data: { tenantId: order.tenantId, orderId: order.id, approverIds } },
      ]),
    };
  });
  dispatch(outbox);
  return { approvers };
}
