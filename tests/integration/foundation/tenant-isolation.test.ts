import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { database } from "@/db/client";
import { findMember, findMembershipBySlug, listMembers, listUserTenants } from "@/db/queries/tenancy";
import { auditLog, memberships, tenants } from "@/db/schema";
import { withTenant, withUser } from "@/db/tenant";
import { pgCode } from "@/lib/errors";
import { changeMemberRole } from "@/lib/tenants/change-member-role";
import { removeMember } from "@/lib/tenants/remove-member";
import { makeMember, makeOwner } from "../../support/factory";

let a: Awaited<ReturnType<typeof makeOwner>>;
let b: Awaited<ReturnType<typeof makeOwner>>;
let bMember: Awaited<ReturnType<typeof makeMember>>;

beforeAll(async () => {
  a = await makeOwner("alice");
  b = await makeOwner("bob");
  bMember = await makeMember(b.actor, "MEMBER", "bea");
});

describe("tenant A cannot reach tenant B's rows", () => {
  test("query functions in A's context see none of B's members", async () => {
    const members = await withTenant(a.actor, (tx) => listMembers(tx));
    expect(members.map((m) => m.userId)).toEqual([a.userId]);
    expect(await withTenant(a.actor, (tx) => findMember(tx, bMember.userId))).toBeNull();
    expect(await withTenant(a.actor, (tx) => findMember(tx, b.userId))).toBeNull();
  });

  test("updates and deletes aimed at B's rows from A's context change nothing", async () => {
    const updated = await withTenant(a.actor, (tx) =>
      tx.update(memberships).set({ role: "VIEWER" }).where(eq(memberships.userId, bMember.userId)).returning(),
    );
    expect(updated).toHaveLength(0);
    const deleted = await withTenant(a.actor, (tx) =>
      tx.delete(memberships).where(eq(memberships.tenantId, b.tenant.id)).returning(),
    );
    expect(deleted).toHaveLength(0);
    const renamed = await withTenant(a.actor, (tx) =>
      tx.update(tenants).set({ name: "pwned" }).where(eq(tenants.id, b.tenant.id)).returning(),
    );
    expect(renamed).toHaveLength(0);
    const still = await withTenant(b.actor, (tx) => listMembers(tx));
    expect(still.find((m) => m.userId === bMember.userId)?.role).toBe("MEMBER");
  });

  test("domain operations with B's ids from A's tenant find nothing", async () => {
    await expect(changeMemberRole(a.actor, { userId: bMember.userId, role: "VIEWER" })).rejects.toThrow(/not found/);
    await expect(removeMember(a.actor, { userId: bMember.userId })).rejects.toThrow(/not found/);
  });

  test("writing a row into B's tenant from A's context is refused by the policy", async () => {
    const attempt = withTenant(a.actor, (tx) =>
      tx.insert(memberships).values({ tenantId: b.tenant.id, userId: a.userId, role: "ADMIN" }),
    );
    await expect(attempt).rejects.toSatisfy((e) => pgCode(e) === "42501");
    const attemptAudit = withTenant(a.actor, (tx) =>
      tx.insert(auditLog).values({ tenantId: b.tenant.id, action: "forged", targetType: "x" }),
    );
    await expect(attemptAudit).rejects.toSatisfy((e) => pgCode(e) === "42501");
  });

  test("a query that forgets its tenant filter still sees only its own tenant", async () => {
    const rows = await withTenant(b.actor, (tx) => tx.select().from(memberships));
    expect(rows.length).toBe(2);
    expect(new Set(rows.map((r) => r.tenantId))).toEqual(new Set([b.tenant.id]));
    const audits = await withTenant(b.actor, (tx) => tx.select().from(auditLog));
    expect(audits.length).toBeGreaterThan(0);
    expect(audits.every((r) => r.tenantId === b.tenant.id)).toBe(true);
    const allTenants = await withTenant(b.actor, (tx) => tx.select().from(tenants));
    expect(allTenants.map((t) => t.id)).toEqual([b.tenant.id]);
  });
});

describe("no tenant context", () => {
  test("tenant tables return zero rows", async () => {
    const counts = await withUser({ userId: null }, async (tx) => ({
      memberships: (await tx.select().from(memberships)).length,
      tenants: (await tx.select().from(tenants)).length,
      audit: (await tx.select().from(auditLog)).length,
    }));
    expect(counts).toEqual({ memberships: 0, tenants: 0, audit: 0 });
  });

  test("a user without a tenant context sees only their own memberships and tenants", async () => {
    const mine = await withUser({ userId: bMember.userId }, (tx) => listUserTenants(tx, bMember.userId));
    expect(mine.map((t) => t.id).sort()).toEqual([b.tenant.id, bMember.tenant.id].sort());
    const rows = await withUser({ userId: bMember.userId }, (tx) => tx.select().from(memberships));
    expect(rows.every((r) => r.userId === bMember.userId)).toBe(true);
    const notMine = await withUser({ userId: bMember.userId }, (tx) =>
      findMembershipBySlug(tx, { userId: bMember.userId, slug: a.tenant.slug }),
    );
    expect(notMine).toBeNull();
  });

  test("the app role outside the door (no context set) reads nothing", async () => {
    const { db } = await database();
    const count = await db.transaction(async (tx) => {
      await tx.execute(sql`set local role opsdesk_app`);
      const r = await tx.select({ n: sql<number>`count(*)::int` }).from(memberships);
      return r[0]?.n;
    });
    expect(count).toBe(0);
  });

  test("the role the app acts as is not a superuser and cannot bypass RLS", async () => {
    const r = await withUser({ userId: null }, (tx) =>
      tx.execute<{ user: string; rolsuper: boolean; rolbypassrls: boolean }>(
        sql`select current_user as "user", rolsuper, rolbypassrls from pg_roles where rolname = current_user`,
      ),
    );
    const row = "rows" in (r as object) ? (r as { rows: unknown[] }).rows[0] : (r as unknown as unknown[])[0];
    expect(row).toEqual({ user: "opsdesk_app", rolsuper: false, rolbypassrls: false });
  });
});
