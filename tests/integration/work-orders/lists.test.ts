import { expect, test } from "vitest";
import { listOrders, listToApprove } from "@/db/queries/work-orders";
import { withTenant } from "@/db/tenant";
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
  const mine = await withTenant(t.owner.actor, (tx) => listOrders(tx, { requesterId: approver.userId }));
  expect(mine).toEqual([]);
  const queue = await withTenant(approver.actor, (tx) => listToApprove(tx, approver.userId));
  expect(queue.map((o) => o.title)).toEqual(["o0", "o2"]);
});
