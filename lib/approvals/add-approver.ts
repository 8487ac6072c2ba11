import "server-only";
import { and, eq } from "drizzle-orm";
import { findMember } from "@/db/queries/tenancy";
import { approvalTasks } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { ForbiddenError, SafeError } from "@/lib/errors";
import { dispatch, enqueue } from "@/lib/events/publish";
import { can } from "@/lib/permissions";
import type { Actor } from "@/lib/tenants/actor";
import { fourEyesOf, lockOrder, recordOnTimeline, requirePending } from "./engine";
import { refuseSecondSeat } from "./refuse-second-seat";

/**
 * Adds an approver to the current level (an approver of that level or an admin may). On single and
 * countersign levels the added approver must approve too; on an or-sign level any one still decides.
 */
export async function addApprover(actor: Actor, input: { orderId: string; toUserId: string; comment?: string }) {
  const outbox = await withTenant(actor, async (tx) => {
    const order = await lockOrder(tx, input.orderId);
    requirePending(order);
    const level = order.currentLevel ?? 0;
    const tasks = await tx
      .select()
      .from(approvalTasks)
      .where(and(eq(approvalTasks.orderId, order.id), eq(approvalTasks.level, level)));
    const mine = tasks.some((t) => t.approverId === actor.userId && t.status === "pending");
    if (!mine && !can(actor, "approvals.manage")) {
      throw new ForbiddenError("Only an approver of the current level, or an admin, can add approvers.");
    }
    const target = await findMember(tx, input.toUserId);
    if (!target) throw new SafeError("You can only add a member of this tenant.", { field: "toUserId" });
    if (target.role === "VIEWER")
      throw new SafeError(`${target.name} is a viewer and cannot approve.`, { field: "toUserId" });
    if (input.toUserId === order.requesterId && (await fourEyesOf(tx, order))) {
      throw new SafeError("Four-eyes rule: the requester cannot approve their own order.", { field: "toUserId" });
    }
    refuseSecondSeat(
      target.name,
      tasks.filter((t) => t.approverId === input.toUserId).map((t) => t.status),
    );
    const open = tasks.find((t) => t.status === "pending");
    const kind = open?.kind ?? "countersign";
    const [created] = await tx
      .insert(approvalTasks)
      // The level's deadline holds for the added approver too (its timeout is the level's).
      .values({ orderId: order.id, level, kind, approverId: input.toUserId, status: "pending", dueAt: open?.dueAt })
      .returning({ id: approvalTasks.id });
    await recordOnTimeline(tx, order, {
      action: "add_approver",
      actorId: actor.userId,
      targetUserId: input.toUserId,
      comment: input.comment,
    });
    await audit(tx, {
      action: "work_order.add_approver",
      targetType: "work_order",
      targetId: order.id,
      after: { approver: input.toUserId, level },
    });
    return enqueue(tx, order.tenantId, [
      {
        name: "approval/requested" as const,
        data: {
          tenantId: order.tenantId,
          orderId: order.id,
          taskId: created?.id as string,
          approverId: input.toUserId,
          level,
        },
      },
    ]);
  });
  dispatch(outbox);
}
