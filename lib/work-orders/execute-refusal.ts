import "server-only";
import type { OrderStatus, TaskStatus } from "@/db/schema";
import { ForbiddenError, SafeError } from "@/lib/errors";
import { msgKey } from "@/lib/i18n/message";
import { can, type Holder } from "@/lib/permissions";

export type ExecuteCheck = {
  order: { status: OrderStatus };
  /** Of the order's template version. */
  version: { submitRoles: string[]; fourEyes: boolean };
  actor: Holder & { userId: string };
  /** The order's approval tasks (all of them, or at least the actor's). */
  tasks: { approverId: string; status: TaskStatus }[];
};

/**
 * Why this member may not execute this order, or null when they may. The one rule behind both the
 * Execute button and `startExecution`: the order is approved, the member may execute orders
 * (`work.execute`) and their role may use the template, and with four eyes they did not approve it. (The deploy window and an execution already
 * running are checked apart: they change with time, not with who asks.)
 */
export function executeRefusal({ order, version, actor, tasks }: ExecuteCheck): SafeError | null {
  if (order.status !== "approved") {
    return order.status === "pending"
      ? new SafeError("work-orders.still_pending")
      : new SafeError("work-orders.not_executable", {
          params: { status: msgKey(`work-orders.order_state.${order.status}`) },
        });
  }
  if (!can(actor, "work.execute")) return new ForbiddenError("work-orders.role_may_not_execute");
  if (!version.submitRoles.includes(actor.role)) return new ForbiddenError("work-orders.role_not_for_template");
  if (version.fourEyes && tasks.some((t) => t.approverId === actor.userId && t.status === "approved")) {
    return new SafeError("work-orders.four_eyes_execute");
  }
  return null;
}
