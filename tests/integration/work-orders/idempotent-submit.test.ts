import { randomUUID } from "node:crypto";
import { eq, inArray, sql } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { approvalRecords, approvalTasks, auditLog, eventOutbox, idempotencyKeys, workOrders } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import type { Actor } from "@/lib/tenants/actor";
import { submitOrder } from "@/lib/work-orders/submit-order";
import { makeMember } from "../../support/factory";
import { level, makeTemplate, type WoTenant, workOrderTenant } from "../../support/work-orders";

// A lost submit response: the browser retries with the key its form made when it rendered. The
// same key from the same user in the same tenant gives one order, however often and however
// concurrently it is sent; nobody else's key collides with it or reads its result.

let t: WoTenant;
let tpl: string;

const submit = (actor: Actor, key: string | undefined, host = "host1") =>
  submitOrder(actor, { templateId: tpl, title: "", values: { Host: host }, idempotencyKey: key });

/** What a user would count: the orders of the template, and what each order wrote. */
async function written(actor: Actor) {
  return withTenant(actor, async (tx) => {
    const orders = await tx.select({ id: workOrders.id }).from(workOrders).where(eq(workOrders.templateId, tpl));
    const ids = orders.map((o) => o.id);
    if (ids.length === 0) return { orders: 0, tasks: 0, timeline: 0, audit: 0, events: [] as string[] };
    const [tasks, timeline, audits, events] = await Promise.all([
      tx.select({ id: approvalTasks.id }).from(approvalTasks).where(inArray(approvalTasks.orderId, ids)),
      tx.select({ id: approvalRecords.id }).from(approvalRecords).where(inArray(approvalRecords.orderId, ids)),
      tx
        .select({ id: auditLog.id })
        .from(auditLog)
        .where(sql`${auditLog.action} = 'work_order.submit' and ${inArray(auditLog.targetId, ids)}`),
      tx.select({ name: eventOutbox.name }).from(eventOutbox).where(sql`${eventOutbox.data}->>'orderId' in ${ids}`),
    ]);
    return {
      orders: ids.length,
      tasks: tasks.length,
      timeline: timeline.length,
      audit: audits.length,
      events: events.map((e) => e.name).sort(),
    };
  });
}

/** The events of one submit to a one-level flow. */
const ONE_SUBMIT = ["approval/level.opened", "approval/requested", "work-order/submitted"];

/** Each test uses a tenant of its own, so counts start at zero. */
async function freshTenant() {
  t = await workOrderTenant(1);
  tpl = await makeTemplate(t, { levels: [level("single", [t.approvers[0]!.userId])] });
  return t;
}

describe("idempotent submit", () => {
  test("the same key twice gives one order, one task set, one audit row, one set of events", async () => {
    await freshTenant();
    const key = randomUUID();
    const first = await submit(t.requester.actor, key);
    const again = await submit(t.requester.actor, key);
    expect(again).toEqual(first);
    expect(first.status).toBe("pending");
    expect(await written(t.owner.actor)).toEqual({
      orders: 1,
      tasks: 1,
      // The submit and the route it took.
      timeline: 2,
      audit: 1,
      events: ONE_SUBMIT,
    });
  });

  test("a concurrent double submit with the same key gives one order", async () => {
    await freshTenant();
    const key = randomUUID();
    const results = await Promise.all([
      submit(t.requester.actor, key),
      submit(t.requester.actor, key),
      submit(t.requester.actor, key),
    ]);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    const w = await written(t.owner.actor);
    expect(w).toMatchObject({ orders: 1, tasks: 1, audit: 1 });
    expect(w.events).toEqual(ONE_SUBMIT);
  });

  test("without a key every submit is an order of its own (as before)", async () => {
    await freshTenant();
    const a = await submit(t.requester.actor, undefined);
    const b = await submit(t.requester.actor, undefined);
    expect(a.id).not.toBe(b.id);
    expect((await written(t.owner.actor)).orders).toBe(2);
  });

  test("the same key from another user or another tenant neither collides nor reveals the first", async () => {
    await freshTenant();
    const key = randomUUID();
    const mine = await submit(t.requester.actor, key);
    // Another member of the same tenant sending the same key gets an order of their own.
    const colleague = await makeMember(t.owner.actor, "MEMBER", "colleague");
    const theirs = await submit(colleague.actor, key);
    expect(theirs.id).not.toBe(mine.id);
    expect((await written(t.owner.actor)).orders).toBe(2);
    // The colleague cannot read the requester's key row at all (the policy: own keys only).
    const seen = await withTenant(colleague.actor, (tx) =>
      tx.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key)),
    );
    expect(seen).toHaveLength(1);
    expect(seen[0]?.userId).toBe(colleague.userId);
    expect(seen[0]?.result).toMatchObject({ id: theirs.id });

    // A user of another tenant with the same key: their own order, in their own tenant.
    const requesterTenant = t;
    const requesterTpl = tpl;
    const other = await freshTenant();
    const elsewhere = await submit(other.requester.actor, key);
    expect(elsewhere.id).not.toBe(mine.id);
    expect((await written(other.owner.actor)).orders).toBe(1);
    tpl = requesterTpl;
    expect((await written(requesterTenant.owner.actor)).orders).toBe(2);
  });

  test("the same key with other values is refused, and writes nothing", async () => {
    await freshTenant();
    const key = randomUUID();
    await submit(t.requester.actor, key, "host1");
    await expect(submit(t.requester.actor, key, "host2")).rejects.toThrow(/already sent with other values/);
    expect((await written(t.owner.actor)).orders).toBe(1);
  });

  test("a try that failed leaves its key free: the corrected retry creates the order", async () => {
    await freshTenant();
    const key = randomUUID();
    await expect(submit(t.requester.actor, key, "not-a-host")).rejects.toThrow(/not one of the options/);
    const ok = await submit(t.requester.actor, key, "host2");
    expect(ok.status).toBe("pending");
    expect((await written(t.owner.actor)).orders).toBe(1);
  });

  test("a key older than a day is forgotten: sending it again makes a new order", async () => {
    await freshTenant();
    const key = randomUUID();
    const first = await submit(t.requester.actor, key);
    await withTenant(t.requester.actor, (tx) =>
      tx
        .update(idempotencyKeys)
        .set({ createdAt: sql`now() - interval '25 hours'` })
        .where(eq(idempotencyKeys.key, key)),
    );
    const later = await submit(t.requester.actor, key);
    expect(later.id).not.toBe(first.id);
    expect((await written(t.owner.actor)).orders).toBe(2);
  });
});
