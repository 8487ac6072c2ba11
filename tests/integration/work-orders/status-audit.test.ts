import { eq, sql } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { auditLog, woExecutions } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { approveOrder } from "@/lib/approvals/decide-order";
import { renderStored } from "@/lib/i18n/translate";
import { removeMember } from "@/lib/tenants/remove-member";
import { INTERRUPTED } from "@/lib/work-orders/finish-execution";
import { runExecution } from "@/lib/work-orders/run-execution";
import { startExecution } from "@/lib/work-orders/start-execution";
import { submitOrder } from "@/lib/work-orders/submit-order";
import { level, makeTemplate, type WoTenant, workOrderTenant } from "../../support/work-orders";

/** Every status change leaves an audit row saying from what to what (CODE_STYLE 8). */
const auditsOf = (t: WoTenant, targetId: string) =>
  withTenant(t.owner.actor, (tx) =>
    tx
      .select({
        action: auditLog.action,
        actorLabel: auditLog.actorLabel,
        before: auditLog.before,
        after: auditLog.after,
      })
      .from(auditLog)
      .where(eq(auditLog.targetId, targetId))
      .orderBy(auditLog.id),
  );

describe("work orders", () => {
  test("the approval that completes the flow records the order's new status", async () => {
    const t = await workOrderTenant(1);
    const tpl = await makeTemplate(t, { levels: [level("single", [t.approvers[0]!.userId])] });
    const o = await submitOrder(t.requester.actor, { templateId: tpl, title: "", values: { Host: "host1" } });
    await approveOrder(t.approvers[0]!.actor, { orderId: o.id });
    const approve = (await auditsOf(t, o.id)).find((a) => a.action === "work_order.approve");
    expect(approve).toMatchObject({
      before: { status: "pending" },
      after: { decision: "approved", status: "approved" },
    });
  });

  test("a level left with no approver rejects the order, and the system's rejection is audited", async () => {
    const t = await workOrderTenant(2);
    const [first, second] = t.approvers as [WoTenant["approvers"][0], WoTenant["approvers"][0]];
    const tpl = await makeTemplate(t, { levels: [level("single", [first.userId]), level("single", [second.userId])] });
    const o = await submitOrder(t.requester.actor, { templateId: tpl, title: "", values: { Host: "host1" } });
    await removeMember(t.owner.actor, { userId: second.userId });
    expect(await approveOrder(first.actor, { orderId: o.id })).toMatchObject({ status: "rejected" });
    const audits = await auditsOf(t, o.id);
    const rejected = audits.find((a) => a.action === "work_order.reject");
    expect(rejected).toMatchObject({
      actorLabel: "system",
      before: { status: "pending" },
      after: { status: "rejected", level: 1 },
    });
    expect(renderStored("en", (rejected?.after as { reason?: string } | undefined)?.reason ?? "")).toMatch(
      /No member can approve level/,
    );
  });
});

describe("executions", () => {
  test("queued, running and its end each have an audit row, the runner's claim included", async () => {
    const t = await workOrderTenant(0);
    const tpl = await makeTemplate(t, { template: { command: "echo {Host}" } });
    const o = await submitOrder(t.requester.actor, { templateId: tpl, title: "", values: { Host: "host1" } });
    const { executionId } = await startExecution(t.requester.actor, { orderId: o.id });
    await runExecution({ tenantId: t.owner.tenant.id, executionId });
    // Queued: the order's "execute" row names the execution it created.
    expect((await auditsOf(t, o.id)).find((a) => a.action === "work_order.execute")?.after).toEqual({ executionId });
    const audits = await auditsOf(t, executionId);
    expect(audits.map((a) => a.action)).toEqual(["execution.run", "execution.finish"]);
    expect(audits[0]).toMatchObject({
      actorLabel: "system",
      before: { status: "queued" },
      after: { status: "running", runner: expect.any(String) },
    });
    expect(audits[1]).toMatchObject({ before: { status: "running" }, after: { status: "succeeded" } });
  });

  test("an execution found running with nobody behind it (a restart) is closed as interrupted, audited like any end", async () => {
    const t = await workOrderTenant(0);
    const tpl = await makeTemplate(t, { template: { command: "echo {Host}" } });
    const o = await submitOrder(t.requester.actor, { templateId: tpl, title: "", values: { Host: "host1" } });
    const { executionId } = await startExecution(t.requester.actor, { orderId: o.id });
    // As a server that claimed it and died would leave it: running, its runner gone, no heartbeat.
    await withTenant(t.owner.actor, (tx) =>
      tx
        .update(woExecutions)
        .set({ status: "running", startedAt: sql`now()`, runner: "gone-host:1", heartbeatAt: null })
        .where(eq(woExecutions.id, executionId)),
    );
    expect(await runExecution({ tenantId: t.owner.tenant.id, executionId })).toMatchObject({ interrupted: true });
    const audits = await auditsOf(t, executionId);
    expect(audits).toEqual([
      {
        action: "execution.finish",
        actorLabel: "system",
        before: { status: "running" },
        after: expect.objectContaining({ status: "failed", error: INTERRUPTED }),
      },
    ]);
  });
});
