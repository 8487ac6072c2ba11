import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { approvalFlows, approvalTasks } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { approveOrder } from "@/lib/approvals/decide-order";
import { saveFlow } from "@/lib/approvals/save-flow";
import { submitOrder } from "@/lib/work-orders/submit-order";
import { chain } from "../../support/approvals";
import { makeMember } from "../../support/factory";
import { level, makeTemplate, type WoTenant, workOrderTenant } from "../../support/work-orders";

/** A work-order tenant with two admins besides its members. */
async function withAdmins() {
  const t = await workOrderTenant(1);
  const admins = [
    await makeMember(t.owner.actor, "ADMIN", "admin1"),
    await makeMember(t.owner.actor, "ADMIN", "admin2"),
  ];
  return { t, admins };
}
const submit = (t: WoTenant, templateId: string) =>
  submitOrder(t.requester.actor, { templateId, title: "", values: { Host: "host1" } });
const tasksOf = (t: WoTenant, orderId: string) =>
  withTenant(t.owner.actor, (tx) =>
    tx
      .select({ approverId: approvalTasks.approverId, status: approvalTasks.status })
      .from(approvalTasks)
      .where(eq(approvalTasks.orderId, orderId)),
  );

describe("approvers by role", () => {
  test("a single-approver level names exactly one member: several, or a role, are refused and nothing is saved", async () => {
    const { t, admins } = await withAdmins();
    const flows = () => withTenant(t.owner.actor, (tx) => tx.select({ id: approvalFlows.id }).from(approvalFlows));
    const before = (await flows()).length;
    const two = level(
      "single",
      admins.map((a) => a.userId),
    );
    await expect(saveFlow(t.owner.actor, { name: "two", description: "", graph: chain([two]) })).rejects.toMatchObject({
      field: "graph.node.level-1",
      message: expect.stringMatching(/Level 1 .*names exactly one member.*countersign or or-sign/),
    });
    const byRole = level("single", [], { roles: ["ADMIN"] });
    await expect(
      saveFlow(t.owner.actor, { name: "role", description: "", graph: chain([byRole]) }),
    ).rejects.toMatchObject({
      field: "graph.node.level-1",
      message: expect.stringMatching(/names exactly one member/),
    });
    expect(await flows()).toHaveLength(before);
  });

  test("or-sign to a role: every holder gets a task, the first approval decides, the other holder's task is closed", async () => {
    const { t, admins } = await withAdmins();
    const [first, second] = admins;
    const tpl = await makeTemplate(t, { levels: [level("or", [], { roles: ["ADMIN"] })] });
    const o = await submit(t, tpl);
    expect((await tasksOf(t, o.id)).map((x) => x.approverId).sort()).toEqual(admins.map((a) => a.userId).sort());
    expect(await approveOrder(second!.actor, { orderId: o.id })).toMatchObject({ status: "approved" });
    await expect(approveOrder(first!.actor, { orderId: o.id })).rejects.toThrow(/already approved/);
    const tasks = await tasksOf(t, o.id);
    expect(tasks.find((x) => x.approverId === second!.userId)?.status).toBe("approved");
    expect(tasks.find((x) => x.approverId === first!.userId)?.status).toBe("cancelled");
  });

  test("countersign to a role: the order waits for every holder of the role", async () => {
    const { t, admins } = await withAdmins();
    const [first, second] = admins;
    const tpl = await makeTemplate(t, { levels: [level("countersign", [], { roles: ["ADMIN"] })] });
    const o = await submit(t, tpl);
    expect(await approveOrder(first!.actor, { orderId: o.id })).toMatchObject({ status: "pending" });
    expect(await approveOrder(second!.actor, { orderId: o.id })).toMatchObject({ status: "approved" });
  });
});
