import "server-only";
import { and, eq } from "drizzle-orm";
import { findMember } from "@/db/queries/tenancy";
import { approvalTasks } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { SafeError } from "@/lib/errors";
import { dispatch, enqueue } from "@/lib/events/publish";
import type { Actor } from "@/lib/tenants/actor";
import { myPendingTask, ofSubject, recordOnTimeline, requirePending } from "./engine";
import { refuseSecondSeat } from "./refuse-second-seat";
import { adapterOf, lockSubject, type SubjectRef } from "./subject";
import { WORK_ORDER } from "./subjects/work-order";

/** Hands the actor's pending approval on the subject's current level to another member. */
export async function transferTask(actor: Actor, ref: SubjectRef, input: { toUserId: string; comment?: string }) {
  const adapter = adapterOf(ref.type);
  const outbox = await withTenant(actor, async (tx) => {
    const subject = await lockSubject(tx, ref);
    requirePending(subject);
    const task = await myPendingTask(tx, subject, actor.userId);
    if (input.toUserId === actor.userId) throw new SafeError("approvals.transfer_to_self", { field: "toUserId" });
    const target = await findMember(tx, input.toUserId);
    if (!target) throw new SafeError("approvals.transfer_not_member", { field: "toUserId" });
    if (target.role === "VIEWER")
      throw new SafeError("approvals.viewer_cannot_approve", { params: { name: target.name }, field: "toUserId" });
    const barred = await adapter.barred(tx, subject);
    if (barred.userIds.includes(input.toUserId)) throw new SafeError(barred.named, { field: "toUserId" });
    const level = subject.currentLevel ?? 0;
    const seats = await tx
      .select({ status: approvalTasks.status })
      .from(approvalTasks)
      .where(
        and(
          ofSubject(approvalTasks, subject),
          eq(approvalTasks.level, subject.currentLevel ?? -1),
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
    if (moved.length === 0) throw new SafeError("approvals.task_decided");
    const [created] = await tx
      .insert(approvalTasks)
      .values({
        subjectType: subject.type,
        subjectId: subject.id,
        level,
        kind: task.kind,
        approverId: input.toUserId,
        status: "pending",
        dueAt: moved[0]?.dueAt ?? null,
      })
      .returning({ id: approvalTasks.id });
    await recordOnTimeline(tx, subject, {
      action: "transfer",
      actorId: actor.userId,
      targetUserId: input.toUserId,
      comment: input.comment,
    });
    await audit(tx, {
      action: `${ref.type}.transfer`,
      targetType: ref.type,
      targetId: ref.id,
      before: { approver: actor.userId },
      after: { approver: input.toUserId },
    });
    return enqueue(
      tx,
      subject.tenantId,
      adapter.announce(subject, {
        kind: "requested",
        taskId: created?.id as string,
        approverId: input.toUserId,
        level,
      }),
    );
  });
  dispatch(outbox);
}

/** Hands the actor's pending approval on the order's current level to another member. */
export function transferApproval(actor: Actor, input: { orderId: string; toUserId: string; comment?: string }) {
  return transferTask(actor, { type: WORK_ORDER, id: input.orderId }, input);
}
