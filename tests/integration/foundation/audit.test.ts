import { eq, sql } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { listAudit, verifyAuditChain } from "@/db/queries/audit";
import { auditLog } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { pgCode } from "@/lib/errors";
import { changeMemberRole } from "@/lib/tenants/change-member-role";
import { makeMember, makeOwner } from "../../support/factory";

describe("audit log", () => {
  test("the app role can neither update nor delete audit rows", async () => {
    const o = await makeOwner();
    const before = await withTenant(o.actor, (tx) => listAudit(tx, {}));
    expect(before.rows.length).toBeGreaterThanOrEqual(2);
    const update = withTenant(o.actor, (tx) => tx.update(auditLog).set({ action: "tampered" }));
    await expect(update).rejects.toSatisfy((e) => pgCode(e) === "42501");
    const del = withTenant(o.actor, (tx) => tx.delete(auditLog).where(eq(auditLog.tenantId, o.tenant.id)));
    await expect(del).rejects.toSatisfy((e) => pgCode(e) === "42501");
    const truncate = withTenant(o.actor, (tx) => tx.execute(sql`truncate audit_log`));
    await expect(truncate).rejects.toSatisfy((e) => pgCode(e) === "42501");
    const after = await withTenant(o.actor, (tx) => listAudit(tx, {}));
    expect(after.rows.map((r) => r.action)).toEqual(before.rows.map((r) => r.action));
  });

  test("rows record who, from where, and chain by hash", async () => {
    const o = await makeOwner();
    const m = await makeMember(o.actor, "MEMBER");
    await changeMemberRole({ ...o.actor, ip: "203.0.113.9", traceId: "trace-1" }, { userId: m.userId, role: "ADMIN" });
    const { rows } = await withTenant(o.actor, (tx) => listAudit(tx, {}));
    expect(rows[0]).toMatchObject({ action: "member.role.change", actorId: o.userId, ip: "203.0.113.9" });
    expect(rows[0]?.actorName).toMatch(/^owner /);
    expect(await withTenant(o.actor, (tx) => verifyAuditChain(tx))).toBeNull();
  });

  test("filters by actor, action and date", async () => {
    const o = await makeOwner();
    const m = await makeMember(o.actor, "ADMIN");
    const v = await makeMember(o.actor, "VIEWER", "v");
    await changeMemberRole(m.actor, { userId: v.userId, role: "MEMBER" });
    const byActor = await withTenant(o.actor, (tx) => listAudit(tx, { actor: m.userId }));
    expect(byActor.rows.map((r) => r.action)).toEqual(["member.role.change"]);
    const byAction = await withTenant(o.actor, (tx) => listAudit(tx, { action: "member.add" }));
    expect(byAction.rows).toHaveLength(3);
    const today = new Date().toISOString().slice(0, 10);
    const inRange = await withTenant(o.actor, (tx) => listAudit(tx, { from: today, to: today }));
    expect(inRange.rows.length).toBe(5);
    const future = await withTenant(o.actor, (tx) => listAudit(tx, { from: "2999-01-01" }));
    expect(future.rows).toHaveLength(0);
  });
});
