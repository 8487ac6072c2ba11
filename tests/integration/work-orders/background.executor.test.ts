import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getOrder } from "@/db/queries/work-orders";
import { withTenant } from "@/db/tenant";
import { approveOrder } from "@/lib/approvals/decide-order";
import { startExecution } from "@/lib/work-orders/start-execution";
import { submitOrder } from "@/lib/work-orders/submit-order";
import { level, makeTemplate, workOrderTenant } from "../../support/work-orders";
import { appExecutor } from "../inngest/app-executor";

// The app's real functions, run by the embedded executor on the app's own client, with a clock
// that starts now so domain timestamps and the executor agree.
const app = appExecutor();
const { clock, settle } = app;
beforeAll(app.start);
afterAll(app.stop);

describe("work orders on the embedded executor", () => {
  test("executing a no-approval order runs its command through the execution function", async () => {
    const t = await workOrderTenant(0);
    const tpl = await makeTemplate(t, { template: { command: `echo "deploying {Host}"` } });
    const o = await submitOrder(t.requester.actor, { templateId: tpl, title: "", values: { Host: "host2" } });
    await startExecution(t.requester.actor, { orderId: o.id });
    await settle();
    const detail = await withTenant(t.owner.actor, (tx) => getOrder(tx, o.id));
    expect(detail?.executions[0]?.execution).toMatchObject({ status: "succeeded", exitCode: 0, outputLines: 1 });
    expect(detail?.order.lastExecutionStatus).toBe("succeeded");
  });

  test("a level that is not decided within its timeout expires the order", async () => {
    const t = await workOrderTenant(1);
    const tpl = await makeTemplate(t, { levels: [level("single", [t.approvers[0]!.userId], { timeoutHours: 2 })] });
    const o = await submitOrder(t.requester.actor, { templateId: tpl, title: "", values: { Host: "host1" } });
    await settle(); // the level's wait starts
    clock.advance(60 * 60_000); // an hour later: still waiting
    await settle();
    expect((await withTenant(t.owner.actor, (tx) => getOrder(tx, o.id)))?.order.status).toBe("pending");
    await settle(90 * 60_000); // past the 2 h timeout counted from submit
    const detail = await withTenant(t.owner.actor, (tx) => getOrder(tx, o.id));
    expect(detail?.order.status).toBe("expired");
    expect(detail?.timeline.at(-1)?.record).toMatchObject({ action: "expire", via: "system" });
  });

  test("a level decided in time is not expired later", async () => {
    const t = await workOrderTenant(2);
    const [a, b] = t.approvers;
    const tpl = await makeTemplate(t, {
      levels: [level("single", [a!.userId], { timeoutHours: 1 }), level("single", [b!.userId], { timeoutHours: 5 })],
    });
    const o = await submitOrder(t.requester.actor, { templateId: tpl, title: "", values: { Host: "host1" } });
    await settle();
    await approveOrder(a!.actor, { orderId: o.id });
    await settle(3 * 60 * 60_000); // past level 1's timeout, within level 2's
    const detail = await withTenant(t.owner.actor, (tx) => getOrder(tx, o.id));
    expect(detail?.order).toMatchObject({ status: "pending", currentLevel: 1 });
  });
});
