import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { woExecutions } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { NotFoundError, SafeError } from "@/lib/errors";
import { dispatch, enqueue, type Outbox } from "@/lib/events/publish";
import { msgKey } from "@/lib/i18n/message";
import { can } from "@/lib/permissions";
import type { Actor } from "@/lib/tenants/actor";
import { stopExecutionProcesses } from "./execution-processes";
import { finishExecution } from "./finish-execution";
import { hasLiveRunner } from "./run-execution";

const NO_RUNNER = "[cancelled: no runner was running it any more; its processes were stopped]";

/**
 * Stops a queued or running execution. A queued one is cancelled at once. A running one with a
 * live runner is killed (process group) by that runner within a poll interval. A running one
 * nobody runs any more (its server died, its process never started) is ended here and now, its
 * leftover processes stopped first: Cancel always ends it.
 */
export async function cancelExecution(actor: Actor, input: { executionId: string }): Promise<{ status: string }> {
  const { status, outbox, execution } = await withTenant(actor, async (tx) => {
    const [execution] = await tx
      .select()
      .from(woExecutions)
      .where(eq(woExecutions.id, input.executionId))
      .for("update");
    if (!execution) throw new NotFoundError("execution");
    if (execution.executorId !== actor.userId && !can(actor, "executions.all")) {
      throw new SafeError("work-orders.cancel_not_yours");
    }
    if (execution.status !== "queued" && execution.status !== "running") {
      throw new SafeError("work-orders.execution_finished", {
        params: { status: msgKey(`work-orders.run_result.${execution.status}`) },
      });
    }
    await tx
      .update(woExecutions)
      .set({ cancelRequestedAt: sql`coalesce(${woExecutions.cancelRequestedAt}, now())` })
      .where(and(eq(woExecutions.id, execution.id), inArray(woExecutions.status, ["queued", "running"])));
    await audit(tx, {
      action: "execution.cancel",
      targetType: "execution",
      targetId: execution.id,
      before: { status: execution.status },
    });
    const base = { tenantId: execution.tenantId, orderId: execution.orderId, executionId: execution.id };
    const events: Outbox[] = [
      await enqueue(tx, execution.tenantId, [{ name: "work-order/execution.cancel", data: base }]),
    ];
    if (execution.status === "running") {
      return { status: hasLiveRunner(execution) ? "cancelling" : "orphaned", outbox: events, execution };
    }
    const done = await finishExecution(tx, execution.id, { status: "cancelled", actorId: actor.userId });
    if (done) events.push(done.outbox);
    return { status: "cancelled", outbox: events, execution };
  });
  if (status === "orphaned") {
    // Nobody will act on the request: end it here. What is left of its processes is stopped first
    // (outside the transaction: that can take a second), then it is ended, re-checked under lock.
    await stopExecutionProcesses(execution.id, execution);
    const done = await withTenant(actor, (tx) =>
      finishExecution(tx, execution.id, {
        status: "cancelled",
        actorId: actor.userId,
        note: NO_RUNNER,
        unless: (row) => hasLiveRunner(row),
      }),
    );
    if (done) outbox.push(done.outbox);
    for (const o of outbox) dispatch(o);
    return { status: done ? "cancelled" : "cancelling" };
  }
  for (const o of outbox) dispatch(o);
  return { status };
}
