import "server-only";
import type { OrderStatus, TaskStatus } from "@/db/schema";
import { ForbiddenError, SafeError } from "@/lib/errors";
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
    return new SafeError(
      order.status === "pending"
        ? "This order is still waiting for approval."
        : `This order is ${order.status} and cannot be executed.`,
    );
  }
  if (!can(actor, "work.execute")) return new ForbiddenError("Your role may not execute orders.");
  if (!version.submitRoles.includes(actor.role))
    return new ForbiddenError("Your role may not execute orders from this template.");
  if (version.fourEyes && tasks.some((t) => t.approverId === actor.userId && t.status === "approved")) {
    return new SafeError("Four-eyes rule: you approved this order, so someone else must execute it.");
  }
  return null;
}
