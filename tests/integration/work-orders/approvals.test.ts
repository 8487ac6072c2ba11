import { and, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { getOrder } from "@/db/queries/work-orders";
import { approvalTasks, eventOutbox } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { addApprover } from "@/lib/approvals/add-approver";
import { approveOrder, rejectOrder } from "@/lib/approvals/decide-order";
import { expireLevel } from "@/lib/approvals/expire-level";
import { transferApproval } from "@/lib/approvals/transfer-approval";
import { urgeOrder } from "@/lib/approvals/urge-order";
import { withdrawOrder } from "@/lib/approvals/withdraw-order";
import { submitOrder } from "@/lib/work-orders/submit-order";
import { makeOwner } from "../../support/factory";
import { level, makeTemplate, type WoTenant, workOrderTenant } from "../../support/work-orders";

const submit = (t: WoTenant, templateId: string) =>
  submitOrder(t.requester.actor, { templateId, title: "", values: { Host: "host1" } });
const order = (t: WoTenant, id: string) => withTenant(t.owner.actor, (tx) => getOrder(tx, id));
const ids = (t: WoTenant) => t.approvers.map((a) => a.userId);

describe("approval levels", () => {
  test("single: one approval approves the order; the events are in the outbox", async () => {
    const t = await workOrderTenant(1);
    const tpl = await makeTemplate(t, { levels: [level("single", ids(t))] });
    const o = await submit(t, tpl);
    expect(o.status).toBe("pending");
    expect(await approveOrder(t.approvers[0]!.actor, { orderId: o.id })).toMatchObject({ status: "approved" });
    const detail = await order(t, o.id);
    expect(detail?.order.status).toBe("approved");
    expect(detail?.timeline.map((r) => r.record.action)).toEqual(["submit", "route", "approve", "approved"]);
    const events = await withTenant(t.owner.actor, (tx) => tx.select({ name: eventOutbox.name }).from(eventOutbox));
    expect(events.map((e) => e.name)).toEqual(
      expect.arrayContaining([
        "work-order/submitted",
        "approval/requested",
        "approval/level.closed",
        "work-order/approved",
      ]),
    );
  });

  test("countersign: every approver must approve before the next level opens", async () => {
    const t = await workOrderTenant(3);
    const [a, b, c] = t.approvers;
    const tpl = await makeTemplate(t, {
      levels: [level("countersign", [a!.userId, b!.userId]), level("single", [c!.userId])],
    });
    const o = await submit(t, tpl);
    expect((await approveOrder(a!.actor, { orderId: o.id })).status).toBe("pending");
    expect((await order(t, o.id))?.order.currentLevel).toBe(0);
    await expect(approveOrder(c!.actor, { orderId: o.id })).rejects.toThrow(
      /not an approver of this order's current level/,
    );
    expect((await approveOrder(b!.actor, { orderId: o.id })).status).toBe("pending");
    expect((await order(t, o.id))?.order.currentLevel).toBe(1);
    expect((await approveOrder(c!.actor, { orderId: o.id })).status).toBe("approved");
  });

  test("or-sign: the first approval decides; the other approver is told it was already decided", async () => {
    const t = await workOrderTenant(2);
    const [a, b] = t.approvers;
    const tpl = await makeTemplate(t, { levels: [level("or", ids(t))] });
    const o = await submit(t, tpl);
    await approveOrder(b!.actor, { orderId: o.id });
    await expect(approveOrder(a!.actor, { orderId: o.id })).rejects.toThrow(/already approved/);
  });

  test("cc levels never block: the order goes straight to the next deciding level", async () => {
    const t = await workOrderTenant(2);
    const [a, b] = t.approvers;
    const tpl = await makeTemplate(t, {
      levels: [level("cc", [a!.userId]), level("single", [b!.userId]), level("cc", [a!.userId])],
    });
    const o = await submit(t, tpl);
    const detail = await order(t, o.id);
    expect(detail?.order.currentLevel).toBe(1);
    expect(detail?.tasks.find((x) => x.task.level === 0)?.task.status).toBe("notified");
    expect((await approveOrder(b!.actor, { orderId: o.id })).status).toBe("approved");
    expect((await order(t, o.id))?.tasks.filter((x) => x.task.status === "notified")).toHaveLength(2);
  });
});

describe("approval actions", () => {
  test("reject needs a reason; with one it ends the order and the reason is on the timeline", async () => {
    const t = await workOrderTenant(1);
    const tpl = await makeTemplate(t, { levels: [level("single", ids(t))] });
    const o = await submit(t, tpl);
    await expect(rejectOrder(t.approvers[0]!.actor, { orderId: o.id, reason: "   " })).rejects.toMatchObject({
      field: "reason",
    });
    expect((await order(t, o.id))?.order.status).toBe("pending");
    expect(await rejectOrder(t.approvers[0]!.actor, { orderId: o.id, reason: "wrong host" })).toMatchObject({
      status: "rejected",
    });
    const detail = await order(t, o.id);
    expect(detail?.order.status).toBe("rejected");
    expect(detail?.timeline.find((r) => r.record.action === "reject")?.record.comment).toBe("wrong host");
    await expect(approveOrder(t.approvers[0]!.actor, { orderId: o.id })).rejects.toThrow(/already rejected/);
  });

  test("withdraw: the requester may while pending; not after a decision, and nobody else may", async () => {
    const t = await workOrderTenant(1);
    const tpl = await makeTemplate(t, { levels: [level("single", ids(t))] });
    const o = await submit(t, tpl);
    await expect(withdrawOrder(t.approvers[0]!.actor, { orderId: o.id })).rejects.toThrow(/Only the requester/);
    await withdrawOrder(t.requester.actor, { orderId: o.id });
    expect((await order(t, o.id))?.order.status).toBe("withdrawn");
    await expect(approveOrder(t.approvers[0]!.actor, { orderId: o.id })).rejects.toThrow(/withdrawn/);

    const decided = await submit(t, tpl);
    await approveOrder(t.approvers[0]!.actor, { orderId: decided.id });
    await expect(withdrawOrder(t.requester.actor, { orderId: decided.id })).rejects.toThrow(
      /Only a pending order can be withdrawn; this one is approved/,
    );
  });

  test("transfer: to a non-member refused; to a member hands the task over", async () => {
    const t = await workOrderTenant(2);
    const [a, b] = t.approvers;
    const outsider = await makeOwner("outsider");
    const tpl = await makeTemplate(t, { levels: [level("single", [a!.userId])] });
    const o = await submit(t, tpl);
    await expect(transferApproval(a!.actor, { orderId: o.id, toUserId: outsider.userId })).rejects.toMatchObject({
      field: "toUserId",
      message: expect.stringMatching(/member of this tenant/),
    });
    await transferApproval(a!.actor, { orderId: o.id, toUserId: b!.userId, comment: "on holiday" });
    await expect(approveOrder(a!.actor, { orderId: o.id })).rejects.toThrow(/transferred/);
    expect((await approveOrder(b!.actor, { orderId: o.id })).status).toBe("approved");
    const actions = (await order(t, o.id))?.timeline.map((r) => r.record.action);
    expect(actions).toEqual(["submit", "route", "transfer", "approve", "approved"]);
  });

  test("add approver: the added approver must approve too, by the level's same deadline", async () => {
    const t = await workOrderTenant(2);
    const [a, b] = t.approvers;
    const tpl = await makeTemplate(t, { levels: [level("single", [a!.userId], { timeoutHours: 4 })] });
    const o = await submit(t, tpl);
    await addApprover(a!.actor, { orderId: o.id, toUserId: b!.userId });
    const due = (await order(t, o.id))?.tasks.map((x) => x.task.dueAt?.getTime());
    expect(due).toHaveLength(2);
    expect(due?.[0]).toBeGreaterThan(Date.now());
    expect(due?.[1]).toBe(due?.[0]);
    expect((await approveOrder(a!.actor, { orderId: o.id })).status).toBe("pending");
    expect((await approveOrder(b!.actor, { orderId: o.id })).status).toBe("approved");
  });

  test("countersign: nobody who already approved the level can be handed or added a second vote", async () => {
    const t = await workOrderTenant(2);
    const [a, b] = t.approvers;
    const tpl = await makeTemplate(t, { levels: [level("countersign", ids(t))] });
    const o = await submit(t, tpl);
    expect((await approveOrder(a!.actor, { orderId: o.id })).status).toBe("pending");
    const refused = { field: "toUserId", message: expect.stringMatching(/^approver0 \w+ already approved this level/) };
    await expect(transferApproval(b!.actor, { orderId: o.id, toUserId: a!.userId })).rejects.toMatchObject(refused);
    await expect(addApprover(b!.actor, { orderId: o.id, toUserId: a!.userId })).rejects.toMatchObject(refused);
    await expect(addApprover(t.owner.actor, { orderId: o.id, toUserId: a!.userId })).rejects.toMatchObject(refused);
    // Nothing was written: b still has to approve, and a cannot approve twice.
    const detail = await order(t, o.id);
    expect(detail?.tasks.map((x) => [x.task.approverId, x.task.status])).toHaveLength(2);
    expect(Object.fromEntries(detail?.tasks.map((x) => [x.task.approverId, x.task.status]) ?? [])).toEqual({
      [a!.userId]: "approved",
      [b!.userId]: "pending",
    });
    expect(detail?.timeline.map((r) => r.record.action)).toEqual(["submit", "route", "approve"]);
    await expect(approveOrder(a!.actor, { orderId: o.id })).rejects.toThrow(/already decided/);
    expect((await approveOrder(b!.actor, { orderId: o.id })).status).toBe("approved");
  });

  test("urge: the requester may urge once an hour", async () => {
    const t = await workOrderTenant(2);
    const tpl = await makeTemplate(t, { levels: [level("countersign", ids(t))] });
    const o = await submit(t, tpl);
    expect(await urgeOrder(t.requester.actor, { orderId: o.id })).toEqual({ approvers: 2 });
    await expect(urgeOrder(t.requester.actor, { orderId: o.id })).rejects.toThrow(/less than an hour ago/);
    await expect(urgeOrder(t.approvers[0]!.actor, { orderId: o.id })).rejects.toThrow(/Only the requester/);
  });

  test("four-eyes: the requester never approves their own order, and cannot be made an approver", async () => {
    const t = await workOrderTenant(1);
    const onlyRequester = await makeTemplate(t, {
      levels: [level("single", [t.requester.userId])],
      template: { fourEyes: true },
    });
    await expect(submit(t, onlyRequester)).rejects.toThrow(/Nobody can approve level .* \(four-eyes: not you\)/);
    const tpl = await makeTemplate(t, {
      levels: [level("or", [t.requester.userId, t.approvers[0]!.userId])],
      template: { fourEyes: true },
    });
    const o = await submit(t, tpl);
    await expect(approveOrder(t.requester.actor, { orderId: o.id })).rejects.toThrow(/Four-eyes/);
    await expect(
      transferApproval(t.approvers[0]!.actor, { orderId: o.id, toUserId: t.requester.userId }),
    ).rejects.toThrow(/Four-eyes/);
    const tasks = await withTenant(t.owner.actor, (tx) =>
      tx.select().from(approvalTasks).where(eq(approvalTasks.orderId, o.id)),
    );
    expect(tasks.map((x) => x.approverId)).toEqual([t.approvers[0]!.userId]);
  });

  test("a level that times out expires the order; a late decision changes nothing", async () => {
    const t = await workOrderTenant(1);
    const tpl = await makeTemplate(t, { levels: [level("single", ids(t), { timeoutHours: 1 })] });
    const o = await submit(t, tpl);
    expect(await expireLevel({ tenantId: t.owner.tenant.id, orderId: o.id, level: 0 })).toBe(true);
    expect((await order(t, o.id))?.order.status).toBe("expired");
    await expect(approveOrder(t.approvers[0]!.actor, { orderId: o.id })).rejects.toThrow(/already expired/);
    expect(await expireLevel({ tenantId: t.owner.tenant.id, orderId: o.id, level: 0 })).toBe(false);
  });
});

describe("concurrency", () => {
  test("20 approvers approving one countersign level at once: one transition, 20 votes", async () => {
    const t = await workOrderTenant(21);
    const twenty = t.approvers.slice(0, 20);
    const last = t.approvers[20]!;
    const tpl = await makeTemplate(t, {
      levels: [
        level(
          "countersign",
          twenty.map((a) => a.userId),
        ),
        level("single", [last.userId]),
      ],
    });
    const o = await submit(t, tpl);
    const results = await Promise.allSettled(twenty.map((a) => approveOrder(a.actor, { orderId: o.id })));
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const detail = await order(t, o.id);
    expect(detail?.order.currentLevel).toBe(1);
    expect(detail?.tasks.filter((x) => x.task.level === 0 && x.task.status === "approved")).toHaveLength(20);
    expect(detail?.tasks.filter((x) => x.task.level === 1)).toHaveLength(1);
    expect(detail?.timeline.filter((r) => r.record.action === "approve")).toHaveLength(20);
    const opened = await withTenant(t.owner.actor, (tx) =>
      tx
        .select()
        .from(eventOutbox)
        .where(and(eq(eventOutbox.name, "approval/level.opened"))),
    );
    expect(opened.filter((e) => (e.data as { orderId: string }).orderId === o.id)).toHaveLength(2);
  });

  test("approve and reject racing on an or-sign level: one wins, the other is told", async () => {
    const t = await workOrderTenant(2);
    const [a, b] = t.approvers;
    const tpl = await makeTemplate(t, { levels: [level("or", ids(t))] });
    const o = await submit(t, tpl);
    const [r1, r2] = await Promise.allSettled([
      approveOrder(a!.actor, { orderId: o.id }),
      rejectOrder(b!.actor, { orderId: o.id, reason: "no" }),
    ]);
    const outcomes = [r1, r2].map((r) => r!.status);
    expect(outcomes.sort()).toEqual(["fulfilled", "rejected"]);
    const loser = [r1, r2].find((r) => r!.status === "rejected") as PromiseRejectedResult;
    expect(String(loser.reason.message)).toMatch(/already (approved|rejected|decided)/);
    const status = (await order(t, o.id))?.order.status;
    expect(status === "approved" ? r1!.status : r2!.status).toBe("fulfilled");
  });
});

describe("tenants", () => {
  test("another tenant's member cannot see or act on an order", async () => {
    const t = await workOrderTenant(1);
    const tpl = await makeTemplate(t, { levels: [level("single", ids(t))] });
    const o = await submit(t, tpl);
    const stranger = await makeOwner("stranger");
    expect(await withTenant(stranger.actor, (tx) => getOrder(tx, o.id))).toBeNull();
    await expect(approveOrder(stranger.actor, { orderId: o.id })).rejects.toThrow(/not found/);
    await expect(withdrawOrder(stranger.actor, { orderId: o.id })).rejects.toThrow(/not found/);
    await expect(
      submitOrder(stranger.actor, { templateId: tpl, title: "", values: { Host: "host1" } }),
    ).rejects.toThrow(/not found/);
    expect((await order(t, o.id))?.order.status).toBe("pending");
  });
});
