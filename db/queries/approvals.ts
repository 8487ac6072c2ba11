import "server-only";
import { aliasedTable, and, asc, eq } from "drizzle-orm";
import { approvalFlows, approvalRecords, approvalTasks, users, workOrders, woTemplates } from "@/db/schema";
import type { Tx } from "@/db/tenant";
import { orderColumns, requester } from "./work-orders";

/** The tenant's approval flows that are not archived, by name. */
export function listFlows(tx: Tx) {
  return tx.select().from(approvalFlows).where(eq(approvalFlows.archived, false)).orderBy(asc(approvalFlows.name));
}

export async function getFlow(tx: Tx, id: string) {
  const [row] = await tx.select().from(approvalFlows).where(eq(approvalFlows.id, id));
  return row ?? null;
}

/** The most of the "To approve" queue shown at once (oldest first: the rest come as these are decided). */
export const TO_APPROVE_LIMIT = 200;

/** Orders waiting on this user's decision at their current level. */
export async function listToApprove(tx: Tx, userId: string) {
  return tx
    .select({
      ...orderColumns,
      taskId: approvalTasks.id,
      taskKind: approvalTasks.kind,
      taskCreatedAt: approvalTasks.createdAt,
      dueAt: approvalTasks.dueAt,
    })
    .from(approvalTasks)
    .innerJoin(
      workOrders,
      and(eq(workOrders.id, approvalTasks.orderId), eq(workOrders.currentLevel, approvalTasks.level)),
    )
    .innerJoin(woTemplates, eq(woTemplates.id, workOrders.templateId))
    .innerJoin(requester, eq(requester.id, workOrders.requesterId))
    .where(
      and(eq(approvalTasks.approverId, userId), eq(approvalTasks.status, "pending"), eq(workOrders.status, "pending")),
    )
    .orderBy(asc(approvalTasks.createdAt))
    .limit(TO_APPROVE_LIMIT);
}

/** A subject's tasks, by level then age, with each approver's name and email. */
export function subjectTasks(tx: Tx, subject: { type: string; id: string }) {
  return tx
    .select({ task: approvalTasks, name: users.name, email: users.email })
    .from(approvalTasks)
    .innerJoin(users, eq(users.id, approvalTasks.approverId))
    .where(and(eq(approvalTasks.subjectType, subject.type), eq(approvalTasks.subjectId, subject.id)))
    .orderBy(asc(approvalTasks.level), asc(approvalTasks.createdAt));
}

/** A subject's timeline, oldest first, with the names of who acted and whom it named. */
export function subjectTimeline(tx: Tx, subject: { type: string; id: string }) {
  const target = aliasedTable(users, "target");
  return tx
    .select({ record: approvalRecords, actorName: users.name, targetName: target.name })
    .from(approvalRecords)
    .leftJoin(users, eq(users.id, approvalRecords.actorId))
    .leftJoin(target, eq(target.id, approvalRecords.targetUserId))
    .where(and(eq(approvalRecords.subjectType, subject.type), eq(approvalRecords.subjectId, subject.id)))
    .orderBy(asc(approvalRecords.createdAt), asc(approvalRecords.id));
}
