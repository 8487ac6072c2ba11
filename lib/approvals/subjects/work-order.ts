import "server-only";
import { and, eq } from "drizzle-orm";
import { workOrders, woTemplateVersions } from "@/db/schema";
import type { Tx } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { NotFoundError } from "@/lib/errors";
import type { AppEvent } from "@/lib/events/registry";
import { recordOnTimeline as record } from "../engine";
import type { FlowLevel } from "../flow";
import { registerSubject, type Subject } from "../subject";

/**
 * A work order as an approval subject: it keeps its status and current level on its own row,
 * its four-eyes rule comes from its template version, and its outcomes are the work-order events
 * (execution, notifications and the approval wait react to them).
 */

export type Order = typeof workOrders.$inferSelect;
export type OrderSubject = Subject & { order: Order; fourEyes?: boolean };

export const WORK_ORDER = "work_order";

export async function lockOrder(tx: Tx, orderId: string): Promise<Order> {
  const [order] = await tx.select().from(workOrders).where(eq(workOrders.id, orderId)).for("update");
  if (!order) throw new NotFoundError("order");
  return order;
}

/** The order as the engine reads it; `fourEyes`, when the caller knows it, saves a read. */
export function orderSubject(order: Order, fourEyes?: boolean): OrderSubject {
  return {
    type: WORK_ORDER,
    id: order.id,
    tenantId: order.tenantId,
    requesterId: order.requesterId,
    status: order.status,
    currentLevel: order.currentLevel,
    levels: (order.flow as FlowLevel[] | null) ?? [],
    order,
    fourEyes,
  };
}

/** Whether the order's template version asks for four eyes. */
export async function fourEyesOf(tx: Tx, order: Order): Promise<boolean> {
  const [row] = await tx
    .select({ fourEyes: woTemplateVersions.fourEyes })
    .from(woTemplateVersions)
    .where(eq(woTemplateVersions.id, order.templateVersionId));
  return row?.fourEyes ?? false;
}

/** An entry on the order's timeline (submit, execution, …: not only approvals). */
export function recordOnTimeline(tx: Tx, order: Order, entry: Parameters<typeof record>[2]) {
  return record(tx, orderSubject(order), entry);
}

const decided = (status: "approved" | "rejected" | "expired", level?: number) => ({
  status,
  decidedAt: new Date(),
  updatedAt: new Date(),
  ...(level === undefined ? {} : { currentLevel: level }),
});

export const workOrderSubject = registerSubject<OrderSubject>({
  type: WORK_ORDER,
  noun: "order",
  lock: async (tx, id) => orderSubject(await lockOrder(tx, id)),

  async barred(tx, s) {
    const fourEyes = s.fourEyes ?? (await fourEyesOf(tx, s.order));
    return {
      userIds: fourEyes ? [s.order.requesterId] : [],
      self: "approvals.four_eyes_self",
      named: "approvals.four_eyes_named",
    };
  },

  async onLevel(tx, s, level) {
    await tx.update(workOrders).set({ currentLevel: level, updatedAt: new Date() }).where(eq(workOrders.id, s.id));
  },

  async onApproved(tx, s) {
    await tx
      .update(workOrders)
      .set({ ...decided("approved"), currentLevel: null })
      .where(eq(workOrders.id, s.id));
    return [{ name: "work-order/approved", data: { ...key(s), requesterId: s.order.requesterId } }];
  },

  async onRejected(tx, s, { level, reason, by }) {
    if (by === "system") {
      // No member can approve a level any more: the system rejects (an approver's rejection is
      // audited by the decision itself).
      await tx.update(workOrders).set(decided("rejected", level)).where(eq(workOrders.id, s.id));
      await audit(tx, {
        action: "work_order.reject",
        targetType: "work_order",
        targetId: s.id,
        actorLabel: "system",
        before: { status: "pending" },
        after: { status: "rejected", level, reason },
      });
    } else {
      await tx
        .update(workOrders)
        .set(decided("rejected"))
        .where(and(eq(workOrders.id, s.id), eq(workOrders.status, "pending")));
    }
    return [{ name: "work-order/rejected", data: { ...key(s), requesterId: s.order.requesterId, reason } }];
  },

  async onExpired(tx, s, level) {
    await tx
      .update(workOrders)
      .set(decided("expired"))
      .where(and(eq(workOrders.id, s.id), eq(workOrders.status, "pending")));
    await audit(tx, {
      action: "work_order.expire",
      targetType: "work_order",
      targetId: s.id,
      actorLabel: "system",
      before: { status: "pending", level },
      after: { status: "expired" },
    });
    return [{ name: "work-order/expired", data: { ...key(s), requesterId: s.order.requesterId, level } }];
  },

  announce(s, notice): AppEvent[] {
    switch (notice.kind) {
      case "requested":
        return [
          {
            name: "approval/requested",
            data: { ...key(s), taskId: notice.taskId, approverId: notice.approverId, level: notice.level },
          },
        ];
      case "cc":
        return [{ name: "approval/cc", data: { ...key(s), userId: notice.userId, level: notice.level } }];
      case "level.opened":
        return [
          {
            name: "approval/level.opened",
            data: { ...key(s), level: notice.level, timeoutAt: notice.timeoutAt, timeoutHours: notice.timeoutHours },
          },
        ];
      case "level.closed":
        return [{ name: "approval/level.closed", data: { ...key(s), level: notice.level, outcome: notice.outcome } }];
    }
  },
});

function key(s: OrderSubject) {
  return { tenantId: s.tenantId, orderId: s.id };
}
