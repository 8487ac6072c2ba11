import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { approvalRecords, approvalTasks, memberships, users, workOrders, woTemplateVersions } from "@/db/schema";
import type { Tx } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { NotFoundError, SafeError } from "@/lib/errors";
import type { WorkOrderEvent } from "@/lib/work-orders/events";
import type { FlowLevel } from "./flow";

/**
 * The approval state machine. Every transition runs inside the caller's tenant transaction after
 * `lockOrder` (SELECT … FOR UPDATE on the order row), so decisions on one order are serialised:
 * double clicks and concurrent approvers see the state the previous decision left, and the
 * `where status = 'pending'` of each update re-checks it once more.
 */

export type Order = typeof workOrders.$inferSelect;
export type Via = "ui" | "email" | "system";

export async function lockOrder(tx: Tx, orderId: string): Promise<Order> {
  const [order] = await tx.select().from(workOrders).where(eq(workOrders.id, orderId)).for("update");
  if (!order) throw new NotFoundError("That work order");
  return order;
}

export function flowOf(order: Order): FlowLevel[] {
  return (order.flow as FlowLevel[] | null) ?? [];
}

const STATUS_WORD: Record<string, string> = {
  approved: "approved",
  rejected: "rejected",
  withdrawn: "withdrawn by its requester",
  expired: "expired",
};

export function requirePending(order: Order): void {
  if (order.status !== "pending") {
    throw new SafeError(`This order was already ${STATUS_WORD[order.status] ?? order.status}: nothing was changed.`);
  }
}

/** Members who approve a level: its named users and everyone holding one of its roles. */
export async function resolveApprovers(
  tx: Tx,
  level: FlowLevel,
  opts: { requesterId: string; fourEyes: boolean },
): Promise<string[]> {
  const rows = await tx
    .select({ userId: memberships.userId, role: memberships.role })
    .from(memberships)
    .where(
      level.users.length && level.roles.length
        ? sql`${inArray(memberships.userId, level.users)} or ${inArray(memberships.role, level.roles)}`
        : level.users.length
          ? inArray(memberships.userId, level.users)
          : level.roles.length
            ? inArray(memberships.role, level.roles)
            : sql`false`,
    )
    .orderBy(memberships.createdAt, memberships.userId);
  const members = new Set(rows.map((r) => r.userId));
  const ordered = [...level.users.filter((u) => members.has(u)), ...rows.map((r) => r.userId)];
  const unique = [...new Set(ordered)].filter((u) => !(opts.fourEyes && u === opts.requesterId));
  return level.kind === "single" ? unique.slice(0, 1) : unique;
}

async function record(
  tx: Tx,
  order: Order,
  entry: {
    action: string;
    actorId: string | null;
    level?: number | null;
    comment?: string | null;
    targetUserId?: string | null;
    via?: Via;
    detail?: unknown;
  },
) {
  await tx.insert(approvalRecords).values({
    orderId: order.id,
    level: entry.level ?? order.currentLevel,
    actorId: entry.actorId,
    action: entry.action,
    comment: entry.comment || null,
    targetUserId: entry.targetUserId ?? null,
    via: entry.via ?? "ui",
    detail: entry.detail ?? null,
  });
}

export { record as recordOnTimeline };

/**
 * Opens level `index` (or the first deciding level from there): creates its tasks, notifies cc
 * levels and moves past them. With no level left, the order is approved. Returns the events to
 * send after commit.
 */
export async function openLevel(tx: Tx, order: Order, index: number, fourEyes: boolean): Promise<WorkOrderEvent[]> {
  const levels = flowOf(order);
  const events: WorkOrderEvent[] = [];
  const base = { tenantId: order.tenantId, orderId: order.id };
  for (let i = index; i < levels.length; i++) {
    const level = levels[i] as FlowLevel;
    const approvers = await resolveApprovers(tx, level, { requesterId: order.requesterId, fourEyes });
    if (level.kind === "cc") {
      if (approvers.length) {
        await tx.insert(approvalTasks).values(
          approvers.map((approverId) => ({
            orderId: order.id,
            level: i,
            kind: level.kind,
            approverId,
            status: "notified" as const,
          })),
        );
      }
      await record(tx, order, { action: "cc", actorId: null, level: i, via: "system", detail: { users: approvers } });
      for (const userId of approvers) events.push({ name: "approval/cc", data: { ...base, userId, level: i } });
      continue;
    }
    if (approvers.length === 0) {
      const reason = `No member can approve level "${level.name}" any more.`;
      await tx
        .update(workOrders)
        .set({ status: "rejected", currentLevel: i, decidedAt: new Date(), updatedAt: new Date() })
        .where(eq(workOrders.id, order.id));
      await record(tx, order, { action: "reject", actorId: null, level: i, comment: reason, via: "system" });
      await audit(tx, {
        action: "work_order.reject",
        targetType: "work_order",
        targetId: order.id,
        actorLabel: "system",
        before: { status: "pending" },
        after: { status: "rejected", level: i, reason },
      });
      events.push({ name: "work-order/rejected", data: { ...base, requesterId: order.requesterId, reason } });
      return events;
    }
    const dueAt = level.timeoutHours ? new Date(Date.now() + level.timeoutHours * 3_600_000) : null;
    const tasks = await tx
      .insert(approvalTasks)
      .values(
        approvers.map((approverId) => ({
          orderId: order.id,
          level: i,
          kind: level.kind,
          approverId,
          status: "pending" as const,
          dueAt,
        })),
      )
      .returning({ id: approvalTasks.id, approverId: approvalTasks.approverId });
    await tx.update(workOrders).set({ currentLevel: i, updatedAt: new Date() }).where(eq(workOrders.id, order.id));
    for (const t of tasks) {
      events.push({ name: "approval/requested", data: { ...base, taskId: t.id, approverId: t.approverId, level: i } });
    }
    events.push({
      name: "approval/level.opened",
      data: { ...base, level: i, timeoutAt: dueAt?.toISOString() ?? null, timeoutHours: level.timeoutHours },
    });
    return events;
  }
  await tx
    .update(workOrders)
    .set({ status: "approved", currentLevel: null, decidedAt: new Date(), updatedAt: new Date() })
    .where(eq(workOrders.id, order.id));
  await record(tx, order, { action: "approved", actorId: null, level: null, via: "system" });
  events.push({ name: "work-order/approved", data: { ...base, requesterId: order.requesterId } });
  return events;
}

/** Cancels every pending task of the order (at `level` only, when given). */
async function cancelPending(tx: Tx, orderId: string, level?: number) {
  await tx
    .update(approvalTasks)
    .set({ status: "cancelled", decidedAt: new Date() })
    .where(
      and(
        eq(approvalTasks.orderId, orderId),
        eq(approvalTasks.status, "pending"),
        level === undefined ? undefined : eq(approvalTasks.level, level),
      ),
    );
}

export { cancelPending };

/** The actor's pending task at the order's current level, or a clear reason why there is none. */
export async function myPendingTask(tx: Tx, order: Order, userId: string) {
  const mine = await tx
    .select({ id: approvalTasks.id, status: approvalTasks.status, kind: approvalTasks.kind })
    .from(approvalTasks)
    .where(
      and(
        eq(approvalTasks.orderId, order.id),
        eq(approvalTasks.level, order.currentLevel ?? -1),
        eq(approvalTasks.approverId, userId),
      ),
    );
  const pending = mine.find((t) => t.status === "pending");
  if (pending) return pending;
  if (mine.some((t) => t.status === "cancelled")) {
    const [by] = await tx
      .select({ name: users.name })
      .from(approvalTasks)
      .innerJoin(users, eq(users.id, approvalTasks.approverId))
      .where(
        and(
          eq(approvalTasks.orderId, order.id),
          eq(approvalTasks.level, order.currentLevel ?? -1),
          inArray(approvalTasks.status, ["approved", "rejected"]),
        ),
      )
      .limit(1);
    throw new SafeError(`This level was already decided${by ? ` by ${by.name}` : ""}: nothing was changed.`);
  }
  if (mine.some((t) => t.status === "approved" || t.status === "rejected")) {
    throw new SafeError("You already decided on this level: nothing was changed.");
  }
  if (mine.some((t) => t.status === "transferred"))
    throw new SafeError("You transferred this approval to someone else.");
  throw new SafeError("You are not an approver of this order's current level.");
}

/**
 * Records the actor's approve/reject on their task and moves the order on: a rejection ends it;
 * an approval completes a single/or-sign level at once, a countersign level when no task is left
 * pending. Returns the events to send after commit.
 */
export async function decide(
  tx: Tx,
  order: Order,
  actorId: string,
  decision: "approved" | "rejected",
  comment: string,
  via: Via,
  fourEyes: boolean,
): Promise<WorkOrderEvent[]> {
  requirePending(order);
  if (fourEyes && actorId === order.requesterId) {
    throw new SafeError("Four-eyes rule: you cannot approve or reject your own order.");
  }
  const task = await myPendingTask(tx, order, actorId);
  const updated = await tx
    .update(approvalTasks)
    .set({ status: decision, comment: comment || null, decidedAt: new Date(), decidedVia: via })
    .where(and(eq(approvalTasks.id, task.id), eq(approvalTasks.status, "pending")))
    .returning({ id: approvalTasks.id });
  if (updated.length === 0) throw new SafeError("This task was already decided: nothing was changed.");
  const level = order.currentLevel ?? 0;
  await record(tx, order, { action: decision === "approved" ? "approve" : "reject", actorId, comment, via });
  const base = { tenantId: order.tenantId, orderId: order.id };

  if (decision === "rejected") {
    await cancelPending(tx, order.id);
    await tx
      .update(workOrders)
      .set({ status: "rejected", decidedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(workOrders.id, order.id), eq(workOrders.status, "pending")));
    return [
      { name: "approval/level.closed", data: { ...base, level, outcome: "rejected" } },
      { name: "work-order/rejected", data: { ...base, requesterId: order.requesterId, reason: comment } },
    ];
  }

  if (task.kind === "or") {
    await cancelPending(tx, order.id, level);
  } else {
    const [left] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(approvalTasks)
      .where(
        and(eq(approvalTasks.orderId, order.id), eq(approvalTasks.level, level), eq(approvalTasks.status, "pending")),
      );
    if ((left?.n ?? 0) > 0) return [];
  }
  const events = await openLevel(tx, order, level + 1, fourEyes);
  return [{ name: "approval/level.closed", data: { ...base, level, outcome: "approved" } }, ...events];
}

/** Whether the order's template version asks for four eyes. */
export async function fourEyesOf(tx: Tx, order: Order): Promise<boolean> {
  const [row] = await tx
    .select({ fourEyes: woTemplateVersions.fourEyes })
    .from(woTemplateVersions)
    .where(eq(woTemplateVersions.id, order.templateVersionId));
  return row?.fourEyes ?? false;
}
