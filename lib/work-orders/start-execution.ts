import "server-only";
import { and, eq } from "drizzle-orm";
import { approvalTasks, tenants, woExecutions, workOrders, woTemplateVersions } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { ofSubject } from "@/lib/approvals/engine";
import { lockOrder, orderSubject, recordOnTimeline } from "@/lib/approvals/subjects/work-order";
import { audit } from "@/lib/audit";
import { SafeError } from "@/lib/errors";
import { dispatch, enqueue } from "@/lib/events/publish";
import type { Actor } from "@/lib/tenants/actor";
import { inDeployWindow, windowMessage } from "./deploy-window";
import { executeRefusal } from "./execute-refusal";
import { historyOf, runPolicyRefusal } from "./run-policy";

/**
 * Queues an execution of an approved order. Who may: `executeRefusal` (the rule the Execute
 * button follows too). Outside the deploy window: refused. Once it ran, the template version's
 * run policy decides whether it may run again (`runPolicyRefusal`, the rule of the Run again button).
 */
export async function startExecution(actor: Actor, input: { orderId: string }): Promise<{ executionId: string }> {
  const { executionId, outbox } = await withTenant(actor, async (tx) => {
    const order = await lockOrder(tx, input.orderId);
    const versions = tx
      .select()
      .from(woTemplateVersions)
      .where(eq(woTemplateVersions.id, order.templateVersionId))
      .execute();
    const myTasks = tx
      .select({ approverId: approvalTasks.approverId, status: approvalTasks.status })
      .from(approvalTasks)
      .where(and(ofSubject(approvalTasks, orderSubject(order)), eq(approvalTasks.approverId, actor.userId)))
      .execute();
    const [[version], mine] = await Promise.all([versions, myTasks]);
    if (!version) throw new Error("order without template version");
    const refusal = executeRefusal({ order, version, actor, tasks: mine });
    if (refusal) throw refusal;
    const [tenant] = await tx
      .select({ timeZone: tenants.timeZone })
      .from(tenants)
      .where(eq(tenants.id, actor.tenantId));
    if (!inDeployWindow(version.deployWindow, tenant?.timeZone ?? "UTC")) {
      throw new SafeError("work-orders.outside_window", {
        params: {
          window: windowMessage(version.deployWindow as NonNullable<typeof version.deployWindow>),
          timeZone: tenant?.timeZone ?? "UTC",
        },
      });
    }
    // Under the order's row lock (lockOrder): a concurrent start waits here and then sees the
    // execution this one inserts, so a once-only order cannot run twice.
    const ran = await tx
      .selectDistinct({ status: woExecutions.status })
      .from(woExecutions)
      .where(eq(woExecutions.orderId, order.id));
    const statuses = ran.map((r) => r.status);
    const again = runPolicyRefusal(version.runPolicy, historyOf(statuses));
    if (again) throw new SafeError(again, { params: { policy: version.runPolicy } });
    if (statuses.some((s) => s === "queued" || s === "running")) throw new SafeError("work-orders.already_running");
    const [execution] = await tx
      .insert(woExecutions)
      .values({
        orderId: order.id,
        executorId: actor.userId,
        commandPreview: order.commandPreview,
        templateId: order.templateId,
        environmentId: order.environmentId,
        requesterId: order.requesterId,
      })
      .returning({ id: woExecutions.id });
    if (!execution) throw new Error("insert returned nothing");
    await tx.update(workOrders).set({ lastExecutionStatus: "queued" }).where(eq(workOrders.id, order.id));
    await recordOnTimeline(tx, order, {
      action: "execute",
      actorId: actor.userId,
      level: null,
      detail: { executionId: execution.id },
    });
    await audit(tx, {
      action: "work_order.execute",
      targetType: "work_order",
      targetId: order.id,
      after: { executionId: execution.id },
    });
    return {
      executionId: execution.id,
      outbox: await enqueue(tx, order.tenantId, [
        {
          name: "work-order/execution.requested",
          data: { tenantId: order.tenantId, orderId: order.id, executionId: execution.id },
        },
      ]),
    };
  });
  dispatch(outbox);
  return { executionId };
}
