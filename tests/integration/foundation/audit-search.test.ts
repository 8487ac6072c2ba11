import { describe, expect, test } from "vitest";
import { listAudit } from "@/db/queries/audit";
import { withTenant } from "@/db/tenant";
import type { Actor } from "@/lib/tenants/actor";
import { submitOrder } from "@/lib/work-orders/submit-order";
import { makeTemplate, workOrderTenant } from "../../support/work-orders";

const audit = (actor: Actor, filter: Parameters<typeof listAudit>[1] = {}) =>
  withTenant(actor, (tx) => listAudit(tx, filter));

describe("the audit log as people read it", () => {
  test("rows name their target (an order by number and title, a member by name), and count what matches", async () => {
    const t = await workOrderTenant(0);
    const tpl = await makeTemplate(t);
    const order = await submitOrder(t.requester.actor, {
      templateId: tpl,
      title: "Rotate the zebra keys",
      values: { Host: "host1" },
    });
    const { rows, total } = await audit(t.owner.actor);
    expect(total).toBe(rows.length);
    const submitted = rows.find((r) => r.action === "work_order.submit");
    expect(submitted).toMatchObject({
      targetType: "work_order",
      targetId: order.id,
      targetName: `#${order.number} Rotate the zebra keys`,
    });
    const template = rows.find((r) => r.targetType === "template");
    expect(template?.targetName).toMatch(/^Deploy /);
    const member = rows.find((r) => r.targetType === "member" && r.targetId === t.requester.actor.userId);
    expect(member?.targetName).toMatch(/^requester /);
  });

  test("search finds rows by the actor's name and by the target's number and title; % and _ are literal", async () => {
    const t = await workOrderTenant(0);
    const tpl = await makeTemplate(t);
    const order = await submitOrder(t.requester.actor, {
      templateId: tpl,
      title: "Rotate the zebra keys",
      values: { Host: "host1" },
    });
    const byTitle = await audit(t.owner.actor, { q: "ZEBRA" });
    expect(byTitle.total).toBe(1);
    expect(byTitle.rows.map((r) => r.targetId)).toEqual([order.id]);
    expect((await audit(t.owner.actor, { q: `#${order.number}` })).rows.map((r) => r.targetId)).toContain(order.id);
    const requesterName = byTitle.rows[0]?.actorName ?? "";
    const byActor = await audit(t.owner.actor, { q: requesterName });
    expect(byActor.total).toBeGreaterThan(0);
    expect(byActor.rows.every((r) => r.actorName === requesterName || r.targetName?.includes(requesterName))).toBe(
      true,
    );
    expect((await audit(t.owner.actor, { q: "%" })).total).toBe(0);
    expect((await audit(t.owner.actor, { q: "zebra", action: "tenant.create" })).total).toBe(0);
  });

  test("another tenant's rows are not found, whatever is searched", async () => {
    const a = await workOrderTenant(0);
    const tpl = await makeTemplate(a);
    await submitOrder(a.requester.actor, { templateId: tpl, title: "Quokka migration", values: { Host: "host1" } });
    const b = await workOrderTenant(0);
    expect(await audit(b.owner.actor, { q: "Quokka" })).toMatchObject({ total: 0, rows: [] });
  });
});
