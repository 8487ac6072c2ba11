import "server-only";
import type { OrderDetail } from "@/db/queries/work-orders";
import type { Tx } from "@/db/tenant";
import { resolveApprovers } from "@/lib/approvals/engine";
import type { FlowLevel } from "@/lib/approvals/flow";

/**
 * Who each level not reached yet will ask (user ids, as `openLevel` will resolve them now: its
 * named members and role holders, less the requester under four eyes). Only for a pending order's
 * levels after the current one; a reached level shows its tasks instead.
 */
export async function upcomingApprovers(tx: Tx, detail: OrderDetail) {
  const { order } = detail;
  const levels = (order.flow as FlowLevel[] | null) ?? [];
  const upcoming = new Map<number, string[]>();
  if (order.status !== "pending" || order.currentLevel === null) return upcoming;
  const barred = detail.fourEyes ? [order.requesterId] : [];
  for (let i = order.currentLevel + 1; i < levels.length; i++) {
    if (detail.tasks.some((t) => t.task.level === i)) continue;
    upcoming.set(i, await resolveApprovers(tx, levels[i] as FlowLevel, barred));
  }
  return upcoming;
}
