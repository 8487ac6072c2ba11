import "server-only";
import { withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { SafeError } from "@/lib/errors";
import { dispatch, enqueue } from "@/lib/events/publish";
import type { Actor } from "@/lib/tenants/actor";
import { decide, fourEyesOf, lockOrder, type Via } from "./engine";

type Decider = Pick<Actor, "tenantId" | "userId" | "ip" | "traceId">;

/** Approve (comment optional) the actor's task on the order's current level. */
export async function approveOrder(actor: Decider, input: { orderId: string; comment?: string }, via: Via = "ui") {
  return decideOrder(actor, input.orderId, "approved", input.comment ?? "", via);
}

/** Reject the order; a reason is required. */
export async function rejectOrder(actor: Decider, input: { orderId: string; reason: string }, via: Via = "ui") {
  return decideOrder(actor, input.orderId, "rejected", input.reason, via);
}

async function decideOrder(
  actor: Decider,
  orderId: string,
  decision: "approved" | "rejected",
  comment: string,
  via: Via,
) {
  if (decision === "rejected" && !comment.trim())
    throw new SafeError("A rejection needs a reason.", { field: "reason" });
  const { outbox, status } = await withTenant(actor, async (tx) => {
    const order = await lockOrder(tx, orderId);
    const events = await decide(tx, order, actor.userId, decision, comment.trim(), via, await fourEyesOf(tx, order));
    await audit(tx, {
      action: decision === "approved" ? "work_order.approve" : "work_order.reject",
      targetType: "work_order",
      targetId: order.id,
      before: { status: order.status, level: order.currentLevel },
      after: { decision, level: order.currentLevel, comment: comment || null, via },
      actorLabel: via === "email" ? "via email" : null,
    });
    const status = events.some((e) => e.name === "work-order/approved")
      ? "approved"
      : events.some((e) => e.name === "work-order/rejected")
        ? "rejected"
        : "pending";
    return { outbox: await enqueue(tx, order.tenantId, events), status };
  });
  await dispatch(outbox);
  return { status };
}
