import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { database } from "@/db/client";
import { listMembers, membersAmong } from "@/db/queries/tenancy";
import { memberships, tenantRoles, tenants, users } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { addMember } from "@/lib/tenants/add-member";
import { changeMemberRole } from "@/lib/tenants/change-member-role";
import { builtinRoles, createTenant } from "@/lib/tenants/create-tenant";
import { removeMember } from "@/lib/tenants/remove-member";
import { makeMember, makeOwner } from "../../support/factory";
import { rowsOf } from "../../support/rows";

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
    await expect(addMember(m.actor, { email: "a@b.test", role: "ADMIN" })).rejects.toThrow(
      /You need the “Manage members and roles” permission/,
    );
    await expect(changeMemberRole(m.actor, { userId: v.userId, role: "ADMIN" })).rejects.toThrow(
      /You need the “Manage members and roles” permission/,
    );
    await expect(removeMember(v.actor, { userId: m.userId })).rejects.toThrow(
      /You need the “Manage members and roles” permission/,
    );
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

describe("a tenant's members among given users (who a notification goes to)", () => {
  test("are found reading the users table at most once, also for a team newer than the statistics", async () => {
    const { db } = await database();
    const tag = randomUUID().slice(0, 8);
    // Teams of 100 people (set-based: this is about the query's plan as statistics see the data).
    const seedTeams = (count: number, from: number) =>
      db.transaction(async (tx) => {
        const teams = await tx
          .insert(tenants)
          .values(Array.from({ length: count }, (_, t) => ({ slug: `t${from + t}-${tag}`, name: `Team ${from + t}` })))
          .returning({ id: tenants.id });
        await tx.insert(tenantRoles).values(teams.flatMap((t) => builtinRoles(t.id)));
        const people = await tx
          .insert(users)
          .values(
            Array.from({ length: count * 100 }, (_, i) => ({
              email: `p${from * 100 + i}-${tag}@test.opsdesk.dev`,
              name: `Person ${i}`,
            })),
          )
          .returning({ id: users.id });
        await tx.insert(memberships).values(
          people.map((p, i) => ({
            tenantId: teams[i % count]?.id as string,
            userId: p.id,
            role: i < count ? ("OWNER" as const) : ("MEMBER" as const),
          })),
        );
        return { team: teams[0]?.id as string, people: people.map((p) => p.id) };
      });
    // 30 teams the statistics know, then one that joined after they were last gathered.
    await seedTeams(30, 0);
    await db.execute(sql`analyze users, memberships`);
    const { team, people: members } = await seedTeams(1, 30);
    const outsider = await makeOwner("outsider");
    const ctx = { tenantId: team, userId: null };

    const found = await withTenant(ctx, (tx) => membersAmong(tx, [...members, outsider.userId]));
    expect(found.map((p) => p.id).sort()).toEqual([...members].sort());

    const [explained] = rowsOf<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
      await withTenant(ctx, (tx) => tx.execute(sql`explain (analyze, format json) ${membersAmong(tx, members)}`)),
    );
    const [counted] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from users`));
    // Rows of `users` looked at, over every time the plan visits it.
    const usersRead = (node: PlanNode): number =>
      (node["Relation Name"] === "users"
        ? (node["Actual Rows"] + (node["Rows Removed by Filter"] ?? 0)) * node["Actual Loops"]
        : 0) + (node.Plans ?? []).reduce((sum, child) => sum + usersRead(child), 0);
    expect(usersRead(explained?.["QUERY PLAN"][0].Plan as PlanNode)).toBeLessThanOrEqual(counted?.n ?? 0);
  });
});

type PlanNode = {
  "Relation Name"?: string;
  "Actual Rows": number;
  "Actual Loops": number;
  "Rows Removed by Filter"?: number;
  Plans?: PlanNode[];
};
