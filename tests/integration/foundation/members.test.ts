import { describe, expect, test } from "vitest";
import { listMembers } from "@/db/queries/tenancy";
import { withTenant } from "@/db/tenant";
import { addMember } from "@/lib/tenants/add-member";
import { changeMemberRole } from "@/lib/tenants/change-member-role";
import { createTenant } from "@/lib/tenants/create-tenant";
import { removeMember } from "@/lib/tenants/remove-member";
import { makeMember, makeOwner } from "../../support/factory";

describe("members", () => {
  test("add, change role, remove; each change is in the audit log with before/after", async () => {
    const o = await makeOwner();
    const other = await makeOwner("x");
    await addMember(o.actor, { email: other.email, role: "MEMBER" });
    await changeMemberRole(o.actor, { userId: other.userId, role: "VIEWER" });
    await removeMember(o.actor, { userId: other.userId });
    expect((await withTenant(o.actor, (tx) => listMembers(tx))).map((m) => m.userId)).toEqual([o.userId]);
    const { listAudit } = await import("@/db/queries/audit");
    const page = await withTenant(o.actor, (tx) => listAudit(tx, {}));
    const actions = page.rows.map((r) => r.action);
    expect(actions.slice(0, 3)).toEqual(["member.remove", "member.role.change", "member.add"]);
    const change = page.rows.find((r) => r.action === "member.role.change");
    expect(change).toMatchObject({
      actorId: o.userId,
      targetId: other.userId,
      before: { role: "MEMBER" },
      after: { role: "VIEWER" },
    });
  });

  test("adding an unknown email or an existing member is refused with a field error, nothing written", async () => {
    const o = await makeOwner();
    const m = await makeMember(o.actor, "MEMBER");
    await expect(addMember(o.actor, { email: "nobody@nowhere.test", role: "MEMBER" })).rejects.toMatchObject({
      field: "email",
      message: expect.stringMatching(/No Opsdesk account/),
    });
    await expect(addMember(o.actor, { email: m.email, role: "ADMIN" })).rejects.toMatchObject({
      field: "email",
      message: expect.stringMatching(/already a member/),
    });
    const members = await withTenant(o.actor, (tx) => listMembers(tx));
    expect(members.find((x) => x.userId === m.userId)?.role).toBe("MEMBER");
    expect(members).toHaveLength(2);
  });

  test("members and viewers cannot manage members; anyone but the owner can leave", async () => {
    const o = await makeOwner();
    const m = await makeMember(o.actor, "MEMBER");
    const v = await makeMember(o.actor, "VIEWER", "v");
    await expect(addMember(m.actor, { email: "a@b.test", role: "ADMIN" })).rejects.toThrow(/Only owners and admins/);
    await expect(changeMemberRole(m.actor, { userId: v.userId, role: "ADMIN" })).rejects.toThrow(/Only owners/);
    await expect(removeMember(v.actor, { userId: m.userId })).rejects.toThrow(/Only owners/);
    expect(await removeMember(v.actor, { userId: v.userId })).toEqual({ left: true });
    expect((await withTenant(o.actor, (tx) => listMembers(tx))).map((x) => x.userId)).not.toContain(v.userId);
  });

  test("a user can create more tenants and owns each", async () => {
    const o = await makeOwner();
    const t = await createTenant({ userId: o.userId }, { name: "Second Tenant" });
    const members = await withTenant({ tenantId: t.id, userId: o.userId }, (tx) => listMembers(tx));
    expect(members).toEqual([expect.objectContaining({ userId: o.userId, role: "OWNER" })]);
    const again = await createTenant({ userId: o.userId }, { name: "Second Tenant" });
    expect(again.slug).not.toBe(t.slug);
    expect(again.slug.startsWith("second-tenant")).toBe(true);
  });
});
