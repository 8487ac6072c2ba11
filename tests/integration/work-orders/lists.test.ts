import { expect, test } from "vitest";
import { listToApprove } from "@/db/queries/approvals";
import { listExecutions, listOrders } from "@/db/queries/work-orders";
import { withTenant } from "@/db/tenant";
import { readParams, ZHistoryParams } from "@/lib/search-params";
import { startExecution } from "@/lib/work-orders/start-execution";
import { submitOrder } from "@/lib/work-orders/submit-order";
import { level, makeTemplate, workOrderTenant } from "../../support/work-orders";

test("order lists page by keyset (newest first) and filter by requester and status; the queue shows pending tasks", async () => {
  const t = await workOrderTenant(1);
  const approver = t.approvers[0]!;
  const tpl = await makeTemplate(t, { levels: [level("single", [approver.userId])] });
  const free = await makeTemplate(t);
  const ids: string[] = [];
  for (let i = 0; i < 4; i++) {
    ids.push(
      (
        await submitOrder(t.requester.actor, {
          templateId: i % 2 ? free : tpl,
          title: `o${i}`,
          values: { Host: "host1" },
        })
      ).id,
    );
  }
  const all = await withTenant(t.owner.actor, (tx) => listOrders(tx, {}));
  expect(all.map((o) => o.title)).toEqual(["o3", "o2", "o1", "o0"]);
  const second = all[1]!;
  const rest = await withTenant(t.owner.actor, (tx) =>
    listOrders(tx, { before: { at: second.createdAt, id: second.id } }),
  );
  expect(rest.map((o) => o.title)).toEqual(["o1", "o0"]);
  const pending = await withTenant(t.owner.actor, (tx) => listOrders(tx, { status: "pending" }));
  expect(pending.map((o) => o.title)).toEqual(["o2", "o0"]);
  // The level each waits at is named (out of the order's flow snapshot); a flowless order has none.
  expect(pending.map((o) => o.levelName)).toEqual(["single level", "single level"]);
  expect(all.find((o) => o.title === "o1")?.levelName).toBeNull();
  const mine = await withTenant(t.owner.actor, (tx) => listOrders(tx, { requesterId: approver.userId }));
  expect(mine).toEqual([]);
  const queue = await withTenant(approver.actor, (tx) => listToApprove(tx, approver.userId));
  expect(queue.map((o) => o.title)).toEqual(["o0", "o2"]);
  expect(queue.map((o) => o.levelName)).toEqual(["single level", "single level"]);
});

test("history renders with an impossible date in the URL: the date filter is ignored like any bad value", async () => {
  const t = await workOrderTenant(0);
  const tpl = await makeTemplate(t);
  const o = await submitOrder(t.requester.actor, { templateId: tpl, title: "run me", values: { Host: "host1" } });
  await startExecution(t.requester.actor, { orderId: o.id });
  // As the History page reads its URL: ?from=…&to=…
  for (const url of [{ from: "2026-13-01" }, { to: "2026-13-01" }, { from: "2026-02-30", to: "2026-02-30" }]) {
    const filter = readParams(ZHistoryParams, url);
    const rows = await withTenant(t.owner.actor, (tx) => listExecutions(tx, { from: filter.from, to: filter.to }));
    expect(rows.map((r) => r.orderTitle)).toEqual(["run me"]);
  }
});
