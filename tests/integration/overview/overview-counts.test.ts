import { describe, expect, test } from "vitest";
import { overviewCounts } from "@/db/queries/overview";
import { withTenant } from "@/db/tenant";
import { approveOrder } from "@/lib/approvals/decide-order";
import type { Actor } from "@/lib/tenants/actor";
import { seesAllExecutions } from "@/lib/work-orders/execution-access";
import { runExecution } from "@/lib/work-orders/run-execution";
import { startExecution } from "@/lib/work-orders/start-execution";
import { submitOrder } from "@/lib/work-orders/submit-order";
import { level, makeTemplate, type WoTenant, workOrderTenant } from "../../support/work-orders";

const counts = (actor: Actor) =>
  withTenant(actor, (tx) =>
    overviewCounts(tx, {
      userId: actor.userId,
      involving: seesAllExecutions(actor) ? undefined : actor.userId,
      now: new Date(),
    }),
  );

async function busyTenant(): Promise<{ t: WoTenant }> {
  const t = await workOrderTenant(1);
  const approver = t.approvers[0]!;
  const gated = await makeTemplate(t, { levels: [level("single", [approver.actor.userId])] });
  const open = await makeTemplate(t, { template: { command: `echo "{Host}"` } });
  const failing = await makeTemplate(t, { template: { command: `echo "{Host}"; exit 3` } });
  const submit = (templateId: string) =>
    submitOrder(t.requester.actor, { templateId, title: "", values: { Host: "host1" } });
  // Two wait on the approver; one is approved and not run; one runs (queued); one ran and failed.
  await submit(gated);
  const toApprove = await submit(gated);
  await approveOrder(approver.actor, { orderId: toApprove.id, comment: "" });
  await submit(gated);
  const queued = await submit(open);
  await startExecution(t.requester.actor, { orderId: queued.id });
  const failed = await submit(failing);
  const run = await startExecution(t.requester.actor, { orderId: failed.id });
  await runExecution({ tenantId: t.owner.tenant.id, executionId: run.executionId });
  return { t };
}

describe("the Overview's counts", () => {
  test("approvals waiting on me, my orders in flight by status, runs now and failures this week", async () => {
    const { t } = await busyTenant();
    const approver = t.approvers[0]!;
    expect(await counts(t.requester.actor)).toMatchObject({
      waitingOnMe: 0,
      mine: { awaiting_approval: 2, ready_to_run: 1, running: 1, last_run_failed: 1 },
      runningNow: 1,
      failedLast7Days: 1,
    });
    // The approver: two wait on them; they requested nothing and ran nothing, so see no executions.
    expect(await counts(approver.actor)).toMatchObject({
      waitingOnMe: 2,
      mine: { awaiting_approval: 0, ready_to_run: 0, running: 0, last_run_failed: 0 },
      runningNow: 0,
      failedLast7Days: 0,
    });
    // The owner sees every execution of the tenant.
    expect(await counts(t.owner.actor)).toMatchObject({ waitingOnMe: 0, runningNow: 1, failedLast7Days: 1 });
  });

  test("another tenant's work is never counted", async () => {
    await busyTenant();
    const quiet = await workOrderTenant(0);
    expect(await counts(quiet.owner.actor)).toMatchObject({
      waitingOnMe: 0,
      mine: { awaiting_approval: 0, ready_to_run: 0, running: 0, last_run_failed: 0 },
      runningNow: 0,
      failedLast7Days: 0,
    });
  });
});
