import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { executionOutput, getExecution, getOrder } from "@/db/queries/work-orders";
import { woExecutions } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { approveOrder } from "@/lib/approvals/decide-order";
import type { SafeError } from "@/lib/errors";
import { renderMessage } from "@/lib/i18n/translate";
import type { Actor } from "@/lib/tenants/actor";
import { cancelExecution } from "@/lib/work-orders/cancel-execution";
import { executeRefusal } from "@/lib/work-orders/execute-refusal";
import { runExecution } from "@/lib/work-orders/run-execution";
import { startExecution } from "@/lib/work-orders/start-execution";
import { submitOrder } from "@/lib/work-orders/submit-order";
import { makeMember } from "../../support/factory";
import { level, makeTemplate, type WoTenant, workOrderTenant } from "../../support/work-orders";

const output = async (t: WoTenant, executionId: string) =>
  (await withTenant(t.owner.actor, (tx) => executionOutput(tx, executionId, -1))).map((l) => l.line);
/** An execution as stored, its error as an English reader is shown it (stored as a code). */
const execution = async (t: WoTenant, id: string) => {
  const e = await withTenant(t.owner.actor, (tx) => getExecution(tx, id));
  return e && { ...e, error: e.error && renderMessage("en", e.error) };
};

describe("executing orders", () => {
  test("a no-approval order runs at once with the chosen value and internal values; output and status are stored", async () => {
    const t = await workOrderTenant(0);
    const tpl = await makeTemplate(t, {
      template: {
        command: `echo "host={Host}"; echo "raw={Token}"; echo "token={Token}" | tr a-z A-Z; exit 0`,
        internalVariables: { Token: "s3cret" },
      },
    });
    const o = await submitOrder(t.requester.actor, { templateId: tpl, title: "", values: { Host: "host2" } });
    expect(o.status).toBe("approved");
    const detail = await withTenant(t.owner.actor, (tx) => getOrder(tx, o.id));
    expect(detail?.order.commandPreview).toBe(
      `echo "host=host2"; echo "raw=••••••"; echo "token=••••••" | tr a-z A-Z; exit 0`,
    );
    const { executionId } = await startExecution(t.requester.actor, { orderId: o.id });
    const result = await runExecution({ tenantId: t.owner.tenant.id, executionId });
    expect(result?.status).toBe("succeeded");
    // Internal values are masked in the output as in the preview (a transformed value cannot be).
    expect(await output(t, executionId)).toEqual(["host=host2", "raw=••••••", "TOKEN=S3CRET"]);
    expect(await execution(t, executionId)).toMatchObject({ status: "succeeded", exitCode: 0, outputLines: 3 });
    const after = await withTenant(t.owner.actor, (tx) => getOrder(tx, o.id));
    expect(after?.order.lastExecutionStatus).toBe("succeeded");
    expect(after?.timeline.map((r) => r.record.action)).toEqual(["submit", "execute", "execution.succeeded"]);
    // A finished execution is never run twice.
    expect(await runExecution({ tenantId: t.owner.tenant.id, executionId })).toBeNull();
  });

  test("only approved orders run; a running order cannot start twice; failures keep their exit code", async () => {
    const t = await workOrderTenant(1);
    const tpl = await makeTemplate(t, {
      levels: [level("single", [t.approvers[0]!.userId])],
      template: { command: "echo {Host}; exit 7" },
    });
    const o = await submitOrder(t.requester.actor, { templateId: tpl, title: "", values: { Host: "host1" } });
    await expect(startExecution(t.requester.actor, { orderId: o.id })).rejects.toThrow(/still waiting for approval/);
    await approveOrder(t.approvers[0]!.actor, { orderId: o.id });
    const { executionId } = await startExecution(t.requester.actor, { orderId: o.id });
    await expect(startExecution(t.requester.actor, { orderId: o.id })).rejects.toThrow(/already running/);
    const result = await runExecution({ tenantId: t.owner.tenant.id, executionId });
    expect(result).toMatchObject({ status: "failed", exitCode: 7 });
  });

  test("four-eyes: whoever approved cannot execute; the deploy window is enforced", async () => {
    const t = await workOrderTenant(1);
    const approver = t.approvers[0]!;
    const tpl = await makeTemplate(t, { levels: [level("single", [approver.userId])], template: { fourEyes: true } });
    const o = await submitOrder(t.requester.actor, { templateId: tpl, title: "", values: { Host: "host1" } });
    await approveOrder(approver.actor, { orderId: o.id });
    await expect(startExecution(approver.actor, { orderId: o.id })).rejects.toThrow(/Four-eyes/);

    const now = new Date();
    const closedDay = (now.getUTCDay() + 3) % 7;
    const windowed = await makeTemplate(t, {
      template: { deployWindow: { days: [closedDay], from: "00:00", to: "23:59" } },
    });
    const w = await submitOrder(t.requester.actor, { templateId: windowed, title: "", values: { Host: "host1" } });
    const refused = startExecution(t.requester.actor, { orderId: w.id });
    const day = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][closedDay];
    await expect(refused).rejects.toThrow(`Outside the deploy window (${day} 00:00–23:59, UTC).`);
    const zhDay = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"][closedDay];
    expect(((await refused.catch((e) => e)) as SafeError).render("zh-CN")).toBe(
      `不在部署窗口内（${zhDay} 00:00–23:59，UTC）。`,
    );
  });

  test("the order page offers Execute exactly to those the server lets execute (four eyes, roles)", async () => {
    const t = await workOrderTenant(1);
    const approver = t.approvers[0]!;
    const viewer = await makeMember(t.owner.actor, "VIEWER", "viewer");
    const tpl = await makeTemplate(t, { levels: [level("single", [approver.userId])], template: { fourEyes: true } });
    const o = await submitOrder(t.requester.actor, { templateId: tpl, title: "", values: { Host: "host1" } });
    await approveOrder(approver.actor, { orderId: o.id });
    // What the order page reads to decide whether to show the Execute button.
    const button = async (actor: Actor) => {
      const detail = await withTenant(actor, (tx) => getOrder(tx, o.id));
      if (!detail) throw new Error("order not visible");
      return executeRefusal({ order: detail.order, version: detail, actor, tasks: detail.tasks.map((x) => x.task) });
    };
    expect((await button(approver.actor))?.message).toMatch(/Four-eyes/);
    await expect(startExecution(approver.actor, { orderId: o.id })).rejects.toThrow(/Four-eyes/);
    expect((await button(viewer.actor))?.message).toMatch(/Your role may not execute/);
    await expect(startExecution(viewer.actor, { orderId: o.id })).rejects.toThrow(/Your role may not execute/);
    expect(await button(t.requester.actor)).toBeNull();
    expect(await startExecution(t.requester.actor, { orderId: o.id })).toHaveProperty("executionId");
  });

  test("output streams while the command runs, and a running execution can be cancelled", async () => {
    const t = await workOrderTenant(0);
    const tpl = await makeTemplate(t, { template: { command: `echo started {Host}; sleep 20; echo never` } });
    const o = await submitOrder(t.requester.actor, { templateId: tpl, title: "", values: { Host: "host1" } });
    const { executionId } = await startExecution(t.requester.actor, { orderId: o.id });
    const running = runExecution({ tenantId: t.owner.tenant.id, executionId });
    for (let i = 0; i < 50 && (await output(t, executionId)).length === 0; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(await output(t, executionId)).toEqual(["started host1"]);
    expect((await execution(t, executionId))?.status).toBe("running");
    expect(await cancelExecution(t.requester.actor, { executionId })).toEqual({ status: "cancelling" });
    const result = await running;
    expect(result?.status).toBe("cancelled");
    expect(result?.durationMs).toBeLessThan(10_000);
    expect((await output(t, executionId)).at(-1)).toMatch(/cancelled/);
    await expect(cancelExecution(t.requester.actor, { executionId })).rejects.toThrow(/already finished/);
  });

  test("a command running past the template's timeout is killed and marked timed out", async () => {
    const t = await workOrderTenant(0);
    const tpl = await makeTemplate(t, { template: { command: "sleep 30 # {Host}", timeoutSeconds: 1 } });
    const o = await submitOrder(t.requester.actor, { templateId: tpl, title: "", values: { Host: "host1" } });
    const { executionId } = await startExecution(t.requester.actor, { orderId: o.id });
    const result = await runExecution({ tenantId: t.owner.tenant.id, executionId });
    expect(result?.status).toBe("timed_out");
    expect((await execution(t, executionId))?.status).toBe("timed_out");
  });

  test("submit validates the chosen values against the template's variables", async () => {
    const t = await workOrderTenant(0);
    const tpl = await makeTemplate(t);
    await expect(submitOrder(t.requester.actor, { templateId: tpl, title: "", values: {} })).rejects.toMatchObject({
      field: "values.Host",
      message: expect.stringMatching(/Choose a value for "Host"/),
    });
    await expect(
      submitOrder(t.requester.actor, { templateId: tpl, title: "", values: { Host: "host9" } }),
    ).rejects.toThrow(/"host9" is not one of the options/);
    await expect(
      submitOrder(t.requester.actor, { templateId: tpl, title: "", values: { Host: "host1", Evil: "x" } }),
    ).rejects.toThrow(/not a variable of this template/);
    await expect(
      submitOrder(t.requester.actor, { templateId: tpl, title: "", values: { Host: ["host1", "host2"] } }),
    ).rejects.toThrow(/takes one value/);
  });
});

test("an execution left running by a dead process is closed as failed, not started again", async () => {
  const t = await workOrderTenant(0);
  const tpl = await makeTemplate(t, { template: { command: "echo once {Host}" } });
  const o = await submitOrder(t.requester.actor, { templateId: tpl, title: "", values: { Host: "host1" } });
  const { executionId } = await startExecution(t.requester.actor, { orderId: o.id });
  // The process died after claiming the execution.
  await withTenant(t.owner.actor, (tx) =>
    tx.update(woExecutions).set({ status: "running" }).where(eq(woExecutions.id, executionId)),
  );
  expect(await runExecution({ tenantId: t.owner.tenant.id, executionId })).toMatchObject({
    status: "failed",
    interrupted: true,
  });
  expect(await execution(t, executionId)).toMatchObject({
    status: "failed",
    error: expect.stringMatching(/Interrupted/),
  });
  // Not started again: the only output is the line saying what happened.
  expect(await output(t, executionId)).toEqual([expect.stringMatching(/^\[Interrupted: the server stopped/)]);
  expect(await runExecution({ tenantId: t.owner.tenant.id, executionId })).toBeNull();
});
