import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { upcomingApprovers } from "@/components/work-orders/upcoming-approvers";
import { getOrder, listExecutions, listOrders } from "@/db/queries/work-orders";
import { woExecutions, workOrders } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { approveOrder } from "@/lib/approvals/decide-order";
import type { SafeError } from "@/lib/errors";
import { runExecution } from "@/lib/work-orders/run-execution";
import { type RunPolicy, shownOrderStatus } from "@/lib/work-orders/run-policy";
import { startExecution } from "@/lib/work-orders/start-execution";
import { submitOrder } from "@/lib/work-orders/submit-order";
import { level, makeTemplate, type WoTenant, workOrderTenant } from "../../support/work-orders";

/** A no-approval order of a template with `policy`, run once; `failed` makes that run look failed. */
async function ranOrder(t: WoTenant, policy: RunPolicy, failed: boolean) {
  const tpl = await makeTemplate(t, { template: { command: "true {Host}", runPolicy: policy } });
  const order = await submitOrder(t.requester.actor, {
    templateId: tpl,
    title: `${policy} ${failed}`,
    values: { Host: "host1" },
  });
  const { executionId } = await startExecution(t.requester.actor, { orderId: order.id });
  await runExecution({ tenantId: t.owner.tenant.id, executionId });
  if (failed) {
    await withTenant(t.owner.actor, async (tx) => {
      await tx.update(woExecutions).set({ status: "failed", exitCode: 7 }).where(eq(woExecutions.orderId, order.id));
      await tx.update(workOrders).set({ lastExecutionStatus: "failed" }).where(eq(workOrders.id, order.id));
    });
  }
  return order.id;
}

describe("the lists read an order that ran as its page does", () => {
  test("My orders and History carry the order's last run and run policy: Executed, Failed — run again, Failed", async () => {
    const t = await workOrderTenant(0);
    const ok = await ranOrder(t, "until_success", false);
    const rerun = await ranOrder(t, "until_success", true);
    const once = await ranOrder(t, "once", true);
    const shown = { [ok]: "executed", [rerun]: "rerun", [once]: "run_failed" };

    const orders = await withTenant(t.requester.actor, (tx) => listOrders(tx, { requesterId: t.requester.userId }));
    expect(
      Object.fromEntries(orders.map((o) => [o.id, shownOrderStatus(o.status, o.lastExecutionStatus, o.runPolicy)])),
    ).toEqual(shown);

    const history = await withTenant(t.requester.actor, (tx) => listExecutions(tx, {}));
    expect(
      Object.fromEntries(history.map((e) => [e.orderId, shownOrderStatus(e.orderStatus, e.orderLastRun, e.runPolicy)])),
    ).toEqual(shown);
  });
});

describe("an order's levels not reached yet", () => {
  test("name who they will ask while an earlier level is pending; a reached level has tasks instead", async () => {
    const t = await workOrderTenant(2);
    const [first, second] = t.approvers as [WoTenant["approvers"][number], WoTenant["approvers"][number]];
    const tpl = await makeTemplate(t, { levels: [level("single", [first.userId]), level("single", [second.userId])] });
    const order = await submitOrder(t.requester.actor, { templateId: tpl, title: "", values: { Host: "host1" } });
    const upcoming = async () =>
      withTenant(t.requester.actor, async (tx) => {
        const detail = await getOrder(tx, order.id);
        if (!detail) throw new Error("order not visible");
        return Object.fromEntries(await upcomingApprovers(tx, detail));
      });

    expect(await upcoming()).toEqual({ 1: [second.userId] });
    await approveOrder(first.actor, { orderId: order.id });
    expect(await upcoming()).toEqual({});
  });
});

describe("a value outside its variable's allowed pattern", () => {
  test("is refused with a code, in the reader's language, the preset named in it", async () => {
    const t = await workOrderTenant(0);
    const tpl = await makeTemplate(t, {
      template: {
        variables: [
          {
            name: "Host",
            label: "Target host",
            multiple: false,
            required: true,
            source: { type: "list", options: ["web-1", "$(touch x)"] },
            pattern: { preset: "hostname" },
          },
        ],
      },
    });
    const refused = (await submitOrder(t.requester.actor, {
      templateId: tpl,
      title: "",
      values: { Host: "$(touch x)" },
    }).catch((e) => e)) as SafeError;
    expect(refused).toMatchObject({
      code: "work-orders.pattern_mismatch",
      field: "values.Host",
      message: '"$(touch x)" does not match the allowed pattern of "Target host": hostname.',
    });
    expect(refused.render("zh-CN")).toBe("“$(touch x)”不符合“Target host”的允许格式：主机名。");
  });
});
