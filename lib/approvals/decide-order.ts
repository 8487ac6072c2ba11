import "server-only";
import { type Decider, type DecisionGuard, decideSubject } from "./decide-subject";
import type { Via } from "./engine";
import { WORK_ORDER } from "./subjects/work-order";

export type { DecisionGuard } from "./decide-subject";

/** Approve (comment optional) the actor's task on the order's current level. */
export async function approveOrder(
  actor: Decider,
  input: { orderId: string; comment?: string },
  via: Via = "ui",
  guard?: DecisionGuard,
) {
  return decideSubject(actor, { type: WORK_ORDER, id: input.orderId }, "approved", input.comment ?? "", via, guard);
}

/** Reject the order; a reason is required. */
export async function rejectOrder(
  actor: Decider,
  input: { orderId: string; reason: string },
  via: Via = "ui",
  guard?: DecisionGuard,
) {
  return decideSubject(actor, { type: WORK_ORDER, id: input.orderId }, "rejected", input.reason, via, guard);
}
