import { describe, expect, test } from "vitest";
import { listFlows } from "@/db/queries/approvals";
import { countExecutions, countOrders, listExecutions, listOrders } from "@/db/queries/work-orders";
import { withTenant } from "@/db/tenant";
import { startExecution } from "@/lib/work-orders/start-execution";
import { submitOrder } from "@/lib/work-orders/submit-order";
import { publishedChain } from "../../support/approvals";
import { level, makeTemplate, workOrderTenant } from "../../support/work-orders";

describe("searching orders and history", () => {
  test("orders by #number, title and requester; executions by order and template; with their totals", async () => {
    const t = await workOrderTenant(0);
    const tpl = await makeTemplate(t);
    const submit = (title: string) =>
      submitOrder(t.requester.actor, { templateId: tpl, title, values: { Host: "host1" } });
    const zebra = await submit("Rotate the zebra keys");
    const other = await submit("Renew 100% of the certs");
    await startExecution(t.requester.actor, { orderId: zebra.id });
    await startExecution(t.requester.actor, { orderId: other.id });

    const orders = (q: string) =>
      withTenant(t.owner.actor, async (tx) => ({
        ids: (await listOrders(tx, { q })).map((o) => o.id),
        total: await countOrders(tx, { q }),
      }));
    expect(await orders("ZEBRA")).toEqual({ ids: [zebra.id], total: 1 });
    expect(await orders(`#${other.number}`)).toEqual({ ids: [other.id], total: 1 });
    expect(await orders(String(zebra.number))).toMatchObject({ ids: expect.arrayContaining([zebra.id]) });
    expect(await orders("100%")).toEqual({ ids: [other.id], total: 1 });
    expect(await orders("requester")).toMatchObject({ total: 2 });
    expect(await orders("nothing like this")).toEqual({ ids: [], total: 0 });

    const history = (q: string) =>
      withTenant(t.owner.actor, async (tx) => ({
        orders: (await listExecutions(tx, { q })).map((e) => e.orderId),
        total: await countExecutions(tx, { q }),
      }));
    expect(await history("zebra")).toEqual({ orders: [zebra.id], total: 1 });
    expect(await history(`#${other.number}`)).toEqual({ orders: [other.id], total: 1 });
    expect(await history("Deploy")).toMatchObject({ total: 2 });
  });

  test("another tenant's orders are never found", async () => {
    const a = await workOrderTenant(0);
    const tpl = await makeTemplate(a);
    const o = await submitOrder(a.requester.actor, {
      templateId: tpl,
      title: "Quokka migration",
      values: { Host: "host1" },
    });
    const b = await workOrderTenant(0);
    const found = await withTenant(b.owner.actor, async (tx) => ({
      byTitle: await countOrders(tx, { q: "Quokka" }),
      byNumber: (await listOrders(tx, { q: `#${o.number}` })).filter((x) => x.id === o.id).length,
      history: await countExecutions(tx, { q: "Quokka" }),
    }));
    expect(found).toEqual({ byTitle: 0, byNumber: 0, history: 0 });
  });

  test("approval flows by name, a literal % in the search, and never another tenant's", async () => {
    const a = await workOrderTenant(1);
    const b = await workOrderTenant(1);
    const lead = [level("single", [a.approvers[0]?.userId as string])];
    await publishedChain(a.owner.actor, lead, "Change board 100%");
    await publishedChain(a.owner.actor, lead, "Team lead");
    await publishedChain(b.owner.actor, [level("single", [b.approvers[0]?.userId as string])], "Change board B");
    const names = (actor: typeof a.owner.actor, q: string) =>
      withTenant(actor, async (tx) => (await listFlows(tx, { q })).map((f) => f.name));
    expect(await names(a.owner.actor, "change BOARD")).toEqual(["Change board 100%"]);
    expect(await names(a.owner.actor, "100%")).toEqual(["Change board 100%"]);
    expect(await names(a.owner.actor, "0%")).toEqual(["Change board 100%"]);
    expect(await names(a.owner.actor, "_")).toEqual([]);
    expect(await names(b.owner.actor, "board")).toEqual(["Change board B"]);
  });
});
