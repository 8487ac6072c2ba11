import { describe, expect, test } from "vitest";
import { getFlow, listFlows, listToApprove } from "@/db/queries/approvals";
import {
  executionOutput,
  getExecution,
  getOrder,
  getTemplate,
  listCategories,
  listExecutions,
  listOrders,
  listTemplates,
} from "@/db/queries/work-orders";
import { withTenant } from "@/db/tenant";
import { addApprover } from "@/lib/approvals/add-approver";
import { approveOrder } from "@/lib/approvals/decide-order";
import { saveFlow } from "@/lib/approvals/save-flow";
import { transferApproval } from "@/lib/approvals/transfer-approval";
import { urgeOrder } from "@/lib/approvals/urge-order";
import { cancelExecution } from "@/lib/work-orders/cancel-execution";
import { runExecution } from "@/lib/work-orders/run-execution";
import { deleteCategory } from "@/lib/work-orders/save-category";
import { saveTemplate } from "@/lib/work-orders/save-template";
import { startExecution } from "@/lib/work-orders/start-execution";
import { submitOrder } from "@/lib/work-orders/submit-order";
import { chain } from "../../support/approvals";
import { level, makeTemplate, workOrderTenant } from "../../support/work-orders";

/**
 * Another tenant's owner — the strongest role there is — holding our ids: every work-order read
 * and action in their own tenant finds nothing of ours and changes nothing of ours.
 */
describe("work orders across tenants", () => {
  test("another tenant's owner can read nothing of ours and act on nothing of ours", async () => {
    const us = await workOrderTenant(2);
    const [a, b] = us.approvers;
    const flowless = await makeTemplate(us);
    const pendingTpl = await makeTemplate(us, { levels: [level("or", [a!.userId])] });
    const pending = await submitOrder(us.requester.actor, {
      templateId: pendingTpl,
      title: "",
      values: { Host: "host1" },
    });
    const approved = await submitOrder(us.requester.actor, {
      templateId: flowless,
      title: "",
      values: { Host: "host1" },
    });
    const ran = await startExecution(us.requester.actor, { orderId: approved.id });
    await runExecution({ tenantId: us.owner.tenant.id, executionId: ran.executionId });
    const again = await submitOrder(us.requester.actor, { templateId: flowless, title: "", values: { Host: "host2" } });
    const queued = await startExecution(us.requester.actor, { orderId: again.id });
    const [flowId] = (await withTenant(us.owner.actor, (tx) => listFlows(tx))).map((f) => f.id);

    const them = await workOrderTenant(1);
    const intruder = them.owner.actor;
    const notFound = /not found/i;

    // Reads: by id and in every list.
    const seen = await withTenant(intruder, async (tx) => ({
      order: await getOrder(tx, pending.id),
      execution: await getExecution(tx, ran.executionId),
      output: await executionOutput(tx, ran.executionId, -1),
      template: await getTemplate(tx, flowless),
      flow: await getFlow(tx, flowId as string),
      orders: await listOrders(tx, {}),
      toApprove: await listToApprove(tx, a!.userId),
      executions: await listExecutions(tx, {}),
      templates: await listTemplates(tx),
      flows: await listFlows(tx),
      categories: await listCategories(tx),
    }));
    expect(seen).toMatchObject({ order: null, execution: null, output: [], template: null, flow: null });
    expect(seen.orders).toEqual([]);
    expect(seen.toApprove).toEqual([]);
    expect(seen.executions).toEqual([]);
    expect(seen.templates).toEqual([]);
    expect(seen.flows).toEqual([]);
    expect(seen.categories.map((c) => c.id)).not.toContain(us.envId);

    // Actions on our orders, executions, templates, flows and categories.
    await expect(approveOrder(intruder, { orderId: pending.id })).rejects.toThrow(notFound);
    await expect(transferApproval(intruder, { orderId: pending.id, toUserId: them.owner.userId })).rejects.toThrow(
      notFound,
    );
    await expect(addApprover(intruder, { orderId: pending.id, toUserId: them.owner.userId })).rejects.toThrow(notFound);
    await expect(urgeOrder(intruder, { orderId: pending.id })).rejects.toThrow(notFound);
    await expect(startExecution(intruder, { orderId: approved.id })).rejects.toThrow(notFound);
    await expect(cancelExecution(intruder, { executionId: queued.executionId })).rejects.toThrow(notFound);
    await expect(deleteCategory(intruder, { id: us.envId })).rejects.toThrow(notFound);
    const template = {
      name: "Stolen",
      description: "",
      environmentId: them.envId,
      purposeId: them.purposeId,
      command: "echo hi",
      workdir: "",
      timeoutSeconds: 30,
      submitRoles: ["OWNER" as const],
      requiresApproval: false,
      approvalFlowId: null,
      fourEyes: false,
      deployWindow: null,
      variables: [],
      internalVariables: {},
      enabled: true,
    };
    await expect(saveTemplate(intruder, { ...template, id: flowless })).rejects.toThrow(notFound);
    await expect(saveTemplate(intruder, { ...template, environmentId: us.envId })).rejects.toMatchObject({
      field: "environmentId",
    });
    await expect(
      saveTemplate(intruder, { ...template, requiresApproval: true, approvalFlowId: flowId as string }),
    ).rejects.toMatchObject({ field: "approvalFlowId" });
    await expect(
      saveFlow(intruder, {
        id: flowId,
        name: "Stolen",
        description: "",
        graph: chain([level("single", [them.owner.userId])]),
      }),
    ).rejects.toThrow(notFound);
    await expect(
      saveFlow(intruder, { name: "Poach", description: "", graph: chain([level("single", [b!.userId])]) }),
    ).rejects.toThrow(/must be a member/);
    // Our own approver cannot hand our order to them either.
    await expect(transferApproval(a!.actor, { orderId: pending.id, toUserId: them.owner.userId })).rejects.toThrow(
      /member/,
    );

    // Nothing of ours changed.
    const ours = await withTenant(us.owner.actor, async (tx) => ({
      pending: (await getOrder(tx, pending.id))?.order.status,
      queued: (await getExecution(tx, queued.executionId))?.status,
      template: (await getTemplate(tx, flowless))?.name,
      flow: (await getFlow(tx, flowId as string))?.name,
      env: (await listCategories(tx)).some((c) => c.id === us.envId),
    }));
    expect(ours).toMatchObject({ pending: "pending", queued: "queued", env: true });
    expect(ours.template).not.toBe("Stolen");
    expect(ours.flow).not.toBe("Stolen");
  });
});
