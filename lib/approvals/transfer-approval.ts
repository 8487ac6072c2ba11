import "server-only";
import { and, eq } from "drizzle-orm";
import { findMember } from "@/db/queries/tenancy";
import { approvalTasks } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { SafeError } from "@/lib/errors";
import { dispatch, enqueue } from "@/lib/events/publish";
import type { Actor } from "@/lib/tenants/actor";
import { fourEyesOf, lockOrder, myPendingTask, recordOnTimeline, requirePending } from "./engine";
import { refuseSecondSeat } from "./refuse-second-seat";

/** Hands the actor's pending approval on the current level to another member. */
export async function transferApproval(actor: Actor, input: { orderId: string; toUserId: string; comment?: string }) {
  const outbox = await withTenant(actor, async (tx) => {
    const order = await lockOrder(tx, input.orderId);
    requirePending(order);
    const task = await myPendingTask(tx, order, actor.userId);
    if (input.toUserId === actor.userId)
      throw new SafeError("Choose someone other than yourself.", { field: "toUserId" });
    const target = await findMember(tx, input.toUserId);
    if (!target) throw new SafeError("You can only transfer to a member of this tenant.", { field: "toUserId" });
    if (target.role === "VIEWER")
      throw new SafeError(`${target.name} is a viewer and cannot approve.`, { field: "toUserId" });
    if (input.toUserId === order.requesterId && (await fourEyesOf(tx, order))) {
      throw new SafeError("Four-eyes rule: the requester cannot approve their own order.", { field: "toUserId" });
    }
    const seats = await tx
      .select({ status: approvalTasks.status })
      .from(approvalTasks)
      .where(
        and(
          eq(approvalTasks.orderId, order.id),
          eq(approvalTasks.level, order.currentLevel ?? -1),
          eq(approvalTasks.approverId, input.toUserId),
        ),
      );
    refuseSecondSeat(
      target.name,
      seats.map((t) => t.status),
    );
    const moved = await tx
      .update(approvalTasks)
      .set({ status: "transferred", decidedAt: new Date(), comment: input.comment || null, decidedVia: "ui" })
      .where(and(eq(approvalTasks.id, task.id), eq(approvalTasks.status, "pending")))
      .returning({ dueAt: approvalTasks.dueAt });
    if (moved.length === 0) throw new SafeError("This task was already decided: nothing was changed.");
    const [created] = await tx
      .insert(approvalTasks)
      .values({
        orderId: order.id,
        level: order.currentLevel ?? 0,
        kind: task.kind,
        approverId: input.toUserId,
        status: "pending",
        dueAt: moved[0]?.dueAt ?? null,
      })
      .returning({ id: approvalTasks.id });
    await recordOnTimeline(tx, order, {
      action: "transfer",
      actorId: actor.userId,
      targetUserId: input.toUserId,
      comment: input.comment,
    });
    await audit(tx, {
      action: "work_order.transfer",
      targetType: "work_order",
      targetId: order.id,
      before: { approver: actor.userId },
      after: { approver: input.toUserId },
    });
    return enqueue(tx, order.tenantId, [
      {
        name: "approval/requested" as const,
        data: {
          tenantId: order.tenantId,
          orderId: order.id,
          taskId: created?.id as string,
          approverId: input.toUserId,
          level: order.currentLevel ?? 0,
        },
      },
    ]);
  });
  dispatch(outbox);
}
