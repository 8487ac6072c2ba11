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
import { ofSubject, recordOnTimeline, requirePending } from "./engine";
import { refuseSecondSeat } from "./refuse-second-seat";
import { adapterOf, lockSubject, type SubjectRef } from "./subject";
import { WORK_ORDER } from "./subjects/work-order";

/**
 * Adds an approver to the subject's current level (an approver of that level or whoever may manage
 * approvals may). On single and countersign levels the added approver must approve too; on an
 * or-sign level any one still decides.
 */
export async function addApproverTo(actor: Actor, ref: SubjectRef, input: { toUserId: string; comment?: string }) {
  const adapter = adapterOf(ref.type);
  const outbox = await withTenant(actor, async (tx) => {
    const subject = await lockSubject(tx, ref);
    requirePending(subject);
    const level = subject.currentLevel ?? 0;
    const tasks = await tx
      .select()
      .from(approvalTasks)
      .where(and(ofSubject(approvalTasks, subject), eq(approvalTasks.level, level)));
    const mine = tasks.some((t) => t.approverId === actor.userId && t.status === "pending");
    if (!mine && !can(actor, "approvals.manage")) {
      throw new ForbiddenError("approvals.add_not_allowed");
    }
    const target = await findMember(tx, input.toUserId);
    if (!target) throw new SafeError("approvals.add_not_member", { field: "toUserId" });
    if (target.role === "VIEWER")
      throw new SafeError("approvals.viewer_cannot_approve", { params: { name: target.name }, field: "toUserId" });
    const barred = await adapter.barred(tx, subject);
    if (barred.userIds.includes(input.toUserId)) throw new SafeError(barred.named, { field: "toUserId" });
    refuseSecondSeat(
      target.name,
      tasks.filter((t) => t.approverId === input.toUserId).map((t) => t.status),
    );
    const open = tasks.find((t) => t.status === "pending");
    const kind = open?.kind ?? "countersign";
    const [created] = await tx
      .insert(approvalTasks)
      // The level's deadline holds for the added approver too (its timeout is the level's).
      .values({
        subjectType: subject.type,
        subjectId: subject.id,
        level,
        kind,
        approverId: input.toUserId,
        status: "pending",
        dueAt: open?.dueAt,
      })
      .returning({ id: approvalTasks.id });
    await recordOnTimeline(tx, subject, {
      action: "add_approver",
      actorId: actor.userId,
      targetUserId: input.toUserId,
      comment: input.comment,
    });
    await audit(tx, {
      action: `${ref.type}.add_approver`,
      targetType: ref.type,
      targetId: ref.id,
      after: { approver: input.toUserId, level },
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

/** Adds an approver to the order's current level. */
export function addApprover(actor: Actor, input: { orderId: string; toUserId: string; comment?: string }) {
  return addApproverTo(actor, { type: WORK_ORDER, id: input.orderId }, input);
}
