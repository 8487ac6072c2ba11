import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { getOrder, getTemplate } from "@/db/queries/work-orders";
import { woExecutions, workOrders } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { approveOrder } from "@/lib/approvals/decide-order";
import type { SafeError } from "@/lib/errors";
import { ZSaveTemplate } from "@/lib/validation/work-orders";
import { runExecution } from "@/lib/work-orders/run-execution";
import { historyOf, type RunPolicy, runPolicyRefusal, shownOrderStatus } from "@/lib/work-orders/run-policy";
import { saveTemplate } from "@/lib/work-orders/save-template";
import { startExecution } from "@/lib/work-orders/start-execution";
import { submitOrder } from "@/lib/work-orders/submit-order";
import { level, makeTemplate, type WoTenant, workOrderTenant } from "../../support/work-orders";

/** A no-approval order of a template with `policy` whose command exits with the code chosen as Host. */
async function orderOf(t: WoTenant, policy: RunPolicy | undefined) {
  const tpl = await makeTemplate(t, {
    template: {
      command: "exit {Host}",
      ...(policy ? { runPolicy: policy } : {}),
      variables: [
        { name: "Host", label: "Exit", multiple: false, required: true, source: { type: "list", options: ["0", "7"] } },
      ],
    },
  });
  return { tpl, order: await submitOrder(t.requester.actor, { templateId: tpl, title: "", values: { Host: "0" } }) };
}

/** Starts and runs an execution of the order; its result status. */
async function run(t: WoTenant, orderId: string) {
  const { executionId } = await startExecution(t.requester.actor, { orderId });
  return (await runExecution({ tenantId: t.owner.tenant.id, executionId }))?.status;
}

/** What the order page reads to offer Run again (and to name the order's state). */
async function page(t: WoTenant, orderId: string) {
  const detail = await withTenant(t.requester.actor, (tx) => getOrder(tx, orderId));
  if (!detail) throw new Error("order not visible");
  const history = historyOf(detail.executions.map((e) => e.execution.status));
  return {
    policy: detail.runPolicy,
    again: runPolicyRefusal(detail.runPolicy, history),
    shown: shownOrderStatus(detail.order.status, detail.order.lastExecutionStatus, detail.runPolicy),
  };
}

/** Makes the order's executions look failed (the command's exit code is fixed at submit). */
async function failLast(t: WoTenant, orderId: string) {
  await withTenant(t.owner.actor, async (tx) => {
    await tx.update(woExecutions).set({ status: "failed", exitCode: 7 }).where(eq(woExecutions.orderId, orderId));
    await tx.update(workOrders).set({ lastExecutionStatus: "failed" }).where(eq(workOrders.id, orderId));
  });
}

const executionsOf = async (t: WoTenant, orderId: string) =>
  (await withTenant(t.owner.actor, (tx) => getOrder(tx, orderId)))?.executions.length;

describe("a template's run policy: how often an approved order may run", () => {
  test("templates run until success unless they say otherwise; the policy is stored with the version", async () => {
    const t = await workOrderTenant(0);
    const { tpl } = await orderOf(t, undefined);
    expect((await withTenant(t.owner.actor, (tx) => getTemplate(tx, tpl)))?.version.runPolicy).toBe("until_success");
    // The form's schema defaults it too, and refuses a word it does not know.
    const form = {
      tenant: "acme",
      name: "x",
      environmentId: t.envId,
      purposeId: t.purposeId,
      command: "true",
      submitRoles: ["MEMBER"],
      requiresApproval: false,
    };
    expect(ZSaveTemplate.parse(form).runPolicy).toBe("until_success");
    expect(ZSaveTemplate.parse({ ...form, runPolicy: "once" }).runPolicy).toBe("once");
    expect(ZSaveTemplate.safeParse({ ...form, runPolicy: "twice" }).success).toBe(false);
  });

  test("once: a second run is refused after a success and after a failure, on the page and by the server", async () => {
    const t = await workOrderTenant(0);
    const { order } = await orderOf(t, "once");
    expect(await page(t, order.id)).toEqual({ policy: "once", again: null, shown: "approved" });
    expect(await run(t, order.id)).toBe("succeeded");
    expect(await page(t, order.id)).toEqual({ policy: "once", again: "work-orders.already_ran", shown: "executed" });
    await expect(startExecution(t.requester.actor, { orderId: order.id })).rejects.toMatchObject({
      code: "work-orders.already_ran",
      message: "This order already ran, and its template allows it to run only once.",
    });
    // In the reader's language too.
    const refused = await startExecution(t.requester.actor, { orderId: order.id }).catch((e: SafeError) => e);
    expect((refused as SafeError).render("zh-CN")).toBe("此工单已执行过，其模板只允许执行一次。");
    await failLast(t, order.id);
    expect(await page(t, order.id)).toMatchObject({ again: "work-orders.already_ran", shown: "run_failed" });
    await expect(startExecution(t.requester.actor, { orderId: order.id })).rejects.toMatchObject({
      code: "work-orders.already_ran",
    });
    expect(await executionsOf(t, order.id)).toBe(1);
  });

  test("until success: again after a failure, never after a success", async () => {
    const t = await workOrderTenant(0);
    const { order } = await orderOf(t, "until_success");
    expect(await run(t, order.id)).toBe("succeeded");
    await failLast(t, order.id);
    expect(await page(t, order.id)).toMatchObject({ again: null, shown: "rerun" });
    expect(await run(t, order.id)).toBe("succeeded");
    expect(await page(t, order.id)).toMatchObject({ again: "work-orders.already_ran", shown: "executed" });
    await expect(startExecution(t.requester.actor, { orderId: order.id })).rejects.toMatchObject({
      code: "work-orders.already_ran",
      message: "This order already ran successfully; its template does not run it again.",
    });
    expect(await executionsOf(t, order.id)).toBe(2);
  });

  test("any: runs again after a success, as often as asked", async () => {
    const t = await workOrderTenant(0);
    const { order } = await orderOf(t, "any");
    expect(await run(t, order.id)).toBe("succeeded");
    expect(await page(t, order.id)).toMatchObject({ again: null, shown: "executed" });
    expect(await run(t, order.id)).toBe("succeeded");
    expect(await run(t, order.id)).toBe("succeeded");
    expect(await executionsOf(t, order.id)).toBe(3);
  });

  test("the order follows the version it was submitted from, not a later edit of the template", async () => {
    const t = await workOrderTenant(0);
    const { tpl, order } = await orderOf(t, "once");
    const current = await withTenant(t.owner.actor, (tx) => getTemplate(tx, tpl));
    if (!current) throw new Error("template missing");
    const v = current.version;
    await saveTemplate(t.owner.actor, {
      id: tpl,
      name: v.name,
      description: v.description,
      environmentId: v.environmentId,
      purposeId: v.purposeId,
      command: v.command,
      workdir: "",
      timeoutSeconds: v.timeoutSeconds,
      submitRoles: v.submitRoles,
      requiresApproval: false,
      approvalFlowId: null,
      fourEyes: false,
      runPolicy: "any",
      deployWindow: null,
      variables: v.variables,
      internalVariables: {},
      enabled: true,
    });
    expect((await withTenant(t.owner.actor, (tx) => getTemplate(tx, tpl)))?.version.runPolicy).toBe("any");
    expect(await run(t, order.id)).toBe("succeeded");
    await expect(startExecution(t.requester.actor, { orderId: order.id })).rejects.toMatchObject({
      code: "work-orders.already_ran",
    });
    // An order submitted from the new version may run again.
    const again = await submitOrder(t.requester.actor, { templateId: tpl, title: "", values: { Host: "0" } });
    expect(await run(t, again.id)).toBe("succeeded");
    expect(await run(t, again.id)).toBe("succeeded");
  });

  test("concurrent starts of a once-only order: exactly one runs, the others are refused as already ran", async () => {
    const t = await workOrderTenant(1);
    const approver = t.approvers[0];
    if (!approver) throw new Error("no approver");
    const tpl = await makeTemplate(t, {
      levels: [level("single", [approver.userId])],
      template: { runPolicy: "once" },
    });
    for (let round = 0; round < 3; round++) {
      const o = await submitOrder(t.requester.actor, { templateId: tpl, title: "", values: { Host: "host1" } });
      await approveOrder(approver.actor, { orderId: o.id });
      const starts = await Promise.allSettled(
        Array.from({ length: 4 }, () => startExecution(t.requester.actor, { orderId: o.id })),
      );
      expect(starts.filter((s) => s.status === "fulfilled")).toHaveLength(1);
      for (const s of starts.filter((x) => x.status === "rejected"))
        expect((s as PromiseRejectedResult).reason).toMatchObject({ code: "work-orders.already_ran" });
      expect(await executionsOf(t, o.id)).toBe(1);
    }
  });
});
