import "server-only";
import { type Tx, withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { SafeError } from "@/lib/errors";
import { dispatch, enqueue } from "@/lib/events/publish";
import type { Actor } from "@/lib/tenants/actor";
import { decide, fourEyesOf, lockOrder, type Order, type Via } from "./engine";

type Decider = Pick<Actor, "tenantId" | "userId" | "ip" | "traceId">;

/**
 * Runs inside the decision's transaction, after the order is locked and before the decision: it
 * may refuse (throw SafeError) or write alongside it (e.g. an emailed link marks itself used).
 */
export type DecisionGuard = (tx: Tx, order: Order) => Promise<void>;

/** Approve (comment optional) the actor's task on the order's current level. */
export async function approveOrder(
  actor: Decider,
  input: { orderId: string; comment?: string },
  via: Via = "ui",
  guard?: DecisionGuard,
) {
  return decideOrder(actor, input.orderId, "approved", input.comment ?? "", via, guard);
}

/** Reject the order; a reason is required. */
export async function rejectOrder(
  actor: Decider,
  input: { orderId: string; reason: string },
  via: Via = "ui",
  guard?: DecisionGuard,
) {
  return decideOrder(actor, input.orderId, "rejected", input.reason, via, guard);
}

async function decideOrder(
  actor: Decider,
  orderId: string,
  decision: "approved" | "rejected",
  comment: string,
  via: Via,
  guard?: DecisionGuard,
) {
  if (decision === "rejected" && !comment.trim())
    throw new SafeError("A rejection needs a reason.", { field: "reason" });
  const { outbox, status } = await withTenant(actor, async (tx) => {
    const order = await lockOrder(tx, orderId);
    await guard?.(tx, order);
    const events = await decide(tx, order, actor.userId, decision, comment.trim(), via, await fourEyesOf(tx, order));
    const status = events.some((e) => e.name === "work-order/approved")
      ? "approved"
      : events.some((e) => e.name === "work-order/rejected")
        ? "rejected"
        : "pending";
    // `status` is the order's after this decision: the last approval approves it, a rejection ends it.
    await audit(tx, {
      action: decision === "approved" ? "work_order.approve" : "work_order.reject",
      targetType: "work_order",
      targetId: order.id,
      before: { status: order.status, level: order.currentLevel },
      after: { decision, status, level: order.currentLevel, comment: comment || null, via },
      actorLabel: via === "email" ? "via email" : null,
    });
    return { outbox: await enqueue(tx, order.tenantId, events), status };
  });
  dispatch(outbox);
  return { status };
}
