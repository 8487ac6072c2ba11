import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { woExecutions, workOrders } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { NotFoundError, SafeError } from "@/lib/errors";
import { dispatch, enqueue } from "@/lib/events/publish";
import { can } from "@/lib/roles";
import type { Actor } from "@/lib/tenants/actor";

/**
 * Asks a queued or running execution to stop. A queued one is cancelled at once; a running one is
 * killed (process group) by its runner within a poll interval.
 */
export async function cancelExecution(actor: Actor, input: { executionId: string }): Promise<{ status: string }> {
  const { status, outbox } = await withTenant(actor, async (tx) => {
    const [execution] = await tx
      .select()
      .from(woExecutions)
      .where(eq(woExecutions.id, input.executionId))
      .for("update");
    if (!execution) throw new NotFoundError("That execution");
    if (execution.executorId !== actor.userId && !can(actor.role, "tenant.manage")) {
      throw new SafeError("Only whoever started it, or an admin, can cancel an execution.");
    }
    if (execution.status !== "queued" && execution.status !== "running") {
      throw new SafeError(`This execution already finished (${execution.status.replace("_", " ")}).`);
    }
    const queued = execution.status === "queued";
    await tx
      .update(woExecutions)
      .set(
        queued
          ? { status: "cancelled", cancelRequestedAt: sql`now()`, finishedAt: sql`now()` }
          : { cancelRequestedAt: sql`coalesce(${woExecutions.cancelRequestedAt}, now())` },
      )
      .where(and(eq(woExecutions.id, execution.id), inArray(woExecutions.status, ["queued", "running"])));
    if (queued)
      await tx.update(workOrders).set({ lastExecutionStatus: "cancelled" }).where(eq(workOrders.id, execution.orderId));
    await audit(tx, {
      action: "execution.cancel",
      targetType: "execution",
      targetId: execution.id,
      before: { status: execution.status },
    });
    const base = { tenantId: execution.tenantId, orderId: execution.orderId, executionId: execution.id };
    return {
      status: queued ? "cancelled" : "cancelling",
      outbox: await enqueue(tx, execution.tenantId, [{ name: "work-order/execution.cancel", data: base }]),
    };
  });
  dispatch(outbox);
  return { status };
}
