import { and, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { listMembers } from "@/db/queries/tenancy";
import { memberships } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { pgCode } from "@/lib/errors";
import { changeMemberRole } from "@/lib/tenants/change-member-role";
import { removeMember } from "@/lib/tenants/remove-member";
import { OWNERSHIP_CHANGED, transferOwnership } from "@/lib/tenants/transfer-ownership";
import { makeMember, makeOwner } from "../../support/factory";

const owners = async (actor: { tenantId: string; userId: string }) =>
  (await withTenant(actor, (tx) => listMembers(tx))).filter((m) => m.role === "OWNER");

describe("exactly one OWNER per tenant", () => {
  test("two concurrent ownership transfers: one wins, the other is told, one owner remains", async () => {
    const o = await makeOwner();
    const b = await makeMember(o.actor, "ADMIN", "b");
    const c = await makeMember(o.actor, "MEMBER", "c");
    const results = await Promise.allSettled([
      transferOwnership(o.actor, { userId: b.userId }),
      transferOwnership(o.actor, { userId: c.userId }),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r) => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason.code).toBe(OWNERSHIP_CHANGED);
    const now = await owners(o.actor);
    expect(now).toHaveLength(1);
    expect([b.userId, c.userId]).toContain(now[0]?.userId);
    const former = (await withTenant(o.actor, (tx) => listMembers(tx))).find((m) => m.userId === o.userId);
    expect(former?.role).toBe("ADMIN");
  });

  test("the database refuses a second OWNER row", async () => {
    const o = await makeOwner();
    const b = await makeMember(o.actor, "ADMIN", "b");
    const attempt = withTenant(o.actor, (tx) =>
      tx.update(memberships).set({ role: "OWNER" }).where(eq(memberships.userId, b.userId)),
    );
    await expect(attempt).rejects.toSatisfy((e) => pgCode(e) === "23505");
    expect(await owners(o.actor)).toHaveLength(1);
  });

  test("the database refuses a tenant left without an OWNER (checked at commit)", async () => {
    const o = await makeOwner();
    const demote = withTenant(o.actor, (tx) =>
      tx
        .update(memberships)
        .set({ role: "ADMIN" })
        .where(and(eq(memberships.userId, o.userId), eq(memberships.role, "OWNER"))),
    );
    await expect(demote).rejects.toSatisfy((e) => pgCode(e) === "23514");
    const remove = withTenant(o.actor, (tx) => tx.delete(memberships).where(eq(memberships.userId, o.userId)));
    await expect(remove).rejects.toSatisfy((e) => pgCode(e) === "23514");
    expect((await owners(o.actor))[0]?.userId).toBe(o.userId);
  });

  test("the last OWNER cannot leave, be removed or be demoted through the app", async () => {
    const o = await makeOwner();
    const admin = await makeMember(o.actor, "ADMIN", "adm");
    await expect(removeMember(o.actor, { userId: o.userId })).rejects.toThrow(/transfer ownership/);
    await expect(removeMember(admin.actor, { userId: o.userId })).rejects.toThrow(/owner cannot be removed/);
    await expect(changeMemberRole(admin.actor, { userId: o.userId, role: "MEMBER" })).rejects.toThrow(
      /transferring ownership/,
    );
    expect((await owners(o.actor))[0]?.userId).toBe(o.userId);
  });

  test("only the owner may transfer; the new owner can then transfer back", async () => {
    const o = await makeOwner();
    const admin = await makeMember(o.actor, "ADMIN", "adm");
    await expect(transferOwnership(admin.actor, { userId: admin.userId })).rejects.toThrow(/Only the owner/);
    await transferOwnership(o.actor, { userId: admin.userId });
    await transferOwnership({ ...admin.actor, role: "OWNER" }, { userId: o.userId });
    expect((await owners(o.actor))[0]?.userId).toBe(o.userId);
  });
});
