import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { database } from "@/db/client";
import { listRoles } from "@/db/queries/tenancy";
import { approvalTasks, memberships, tenantRoles } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { approveOrder } from "@/lib/approvals/decide-order";
import type { SafeError } from "@/lib/errors";
import { can, GRANTABLE } from "@/lib/permissions";
import { changeMemberRole } from "@/lib/tenants/change-member-role";
import { deleteRole } from "@/lib/tenants/delete-role";
import { inviteMember } from "@/lib/tenants/invite-member";
import { saveRole } from "@/lib/tenants/save-role";
import { saveTemplate } from "@/lib/work-orders/save-template";
import { startExecution } from "@/lib/work-orders/start-execution";
import { submitOrder } from "@/lib/work-orders/submit-order";
import { makeMember, makeOwner } from "../../support/factory";
import { level, makeTemplate, workOrderTenant } from "../../support/work-orders";

describe("custom roles", () => {
  test('"Release manager" (work.execute, no templates.manage) executes but may not edit templates, and approves as a level\'s role', async () => {
    const t = await workOrderTenant(1);
    const role = await saveRole(t.owner.actor, {
      name: "Release manager",
      description: "Ships approved changes.",
      permissions: ["work.execute", "work.submit"],
    });
    expect(role.key).toBe("release-manager");
    const rm = await makeMember(t.owner.actor, "release-manager", "release");
    expect(can(rm.actor, "work.execute")).toBe(true);
    expect(can(rm.actor, "templates.manage")).toBe(false);

    // A flow whose only level is "everyone with Release manager"; the template is theirs to use.
    const tpl = await makeTemplate(t, {
      levels: [level("or", [], { roles: ["release-manager"] })],
      template: { submitRoles: ["MEMBER", "release-manager"] },
    });
    const o = await submitOrder(t.requester.actor, { templateId: tpl, title: "", values: { Host: "host1" } });
    const tasks = await withTenant(t.owner.actor, (tx) =>
      tx.select().from(approvalTasks).where(eq(approvalTasks.orderId, o.id)),
    );
    expect(tasks.map((x) => x.approverId)).toEqual([rm.userId]);
    await approveOrder(rm.actor, { orderId: o.id });
    expect(await startExecution(rm.actor, { orderId: o.id })).toHaveProperty("executionId");

    // Template edit: refused by the same check the UI hides the page with.
    await expect(
      saveTemplate(rm.actor, {
        name: "Sneaky",
        description: "",
        environmentId: t.envId,
        purposeId: t.purposeId,
        command: "id",
        workdir: "",
        timeoutSeconds: 10,
        submitRoles: ["MEMBER"],
        requiresApproval: false,
        approvalFlowId: null,
        fourEyes: false,
        deployWindow: null,
        variables: [],
        internalVariables: {},
        enabled: true,
      }),
    ).rejects.toThrow(/You need the “Manage templates” permission to do that/);
  });

  test("an edited role applies from its members' next request: a permission taken away is refused", async () => {
    const t = await workOrderTenant(1);
    const role = await saveRole(t.owner.actor, { name: "Deployer", description: "", permissions: ["work.execute"] });
    const tpl = await makeTemplate(t, { template: { submitRoles: ["MEMBER", role.key] } });
    const o = await submitOrder(t.requester.actor, { templateId: tpl, title: "", values: { Host: "host1" } });
    await saveRole(t.owner.actor, { id: role.id, name: "Deployer", description: "", permissions: ["work.submit"] });
    // The next request resolves the membership again (makeMember does as a request does).
    const next = await makeMember(t.owner.actor, role.key as "MEMBER", "deployer");
    await expect(startExecution(next.actor, { orderId: o.id })).rejects.toThrow(/Your role may not execute/);
  });

  test("built-in roles are neither edited nor deleted; a role in use is not deleted; unknown roles are refused", async () => {
    const o = await makeOwner();
    const roles = await withTenant(o.actor, (tx) => listRoles(tx));
    expect(roles.map((r) => [r.key, r.builtin])).toEqual([
      ["OWNER", true],
      ["ADMIN", true],
      ["MEMBER", true],
      ["VIEWER", true],
    ]);
    const member = roles.find((r) => r.key === "MEMBER");
    await expect(
      saveRole(o.actor, { id: member?.id, name: "Member", description: "", permissions: ["work.submit"] }),
    ).rejects.toThrow(/Built-in roles cannot be changed/);
    await expect(deleteRole(o.actor, { id: member?.id as string })).rejects.toThrow(/Built-in roles cannot be deleted/);

    const auditor = await saveRole(o.actor, { name: "Auditor", description: "", permissions: ["audit.read"] });
    await expect(saveRole(o.actor, { name: "auditor", description: "", permissions: ["audit.read"] })).rejects.toThrow(
      /Another role already has this name/,
    );
    const a = await makeMember(o.actor, auditor.key as "MEMBER", "auditor");
    await inviteMember(o.actor, { email: `pending-${auditor.key}@test.opsdesk.dev`, role: auditor.key });
    await expect(deleteRole(o.actor, { id: auditor.id })).rejects.toThrow(
      /"Auditor" is in use: 1 member holds it and 1 pending invitation grants it/,
    );
    // The same refusal, as a Chinese reader reads it.
    const inUse = await deleteRole(o.actor, { id: auditor.id }).catch((e: SafeError) => e);
    expect((inUse as SafeError).render("zh-CN")).toBe(
      "“Auditor”正在使用中：1 名成员持有该角色，1 个待接受的邀请授予该角色。请先为他们换一个角色。",
    );
    await changeMemberRole(o.actor, { userId: a.userId, role: "VIEWER" });
    await expect(inviteMember(o.actor, { email: "x@test.opsdesk.dev", role: "no-such-role" })).rejects.toThrow(
      /No such role in this tenant/,
    );
    // Another tenant's custom role is not this tenant's.
    const other = await makeOwner("other");
    const theirs = await saveRole(other.actor, { name: "Theirs", description: "", permissions: ["audit.read"] });
    await expect(changeMemberRole(o.actor, { userId: a.userId, role: theirs.key })).rejects.toThrow(
      /No such role in this tenant/,
    );
    await expect(deleteRole(o.actor, { id: theirs.id })).rejects.toThrow(/not found|That role/);
  });

  test("the database holds the line too: a membership's role must be one of its tenant's roles", async () => {
    const o = await makeOwner();
    const m = await makeMember(o.actor, "MEMBER");
    await expect(
      withTenant(o.actor, (tx) =>
        tx.update(memberships).set({ role: "ghost" }).where(eq(memberships.userId, m.userId)),
      ),
    ).rejects.toThrow();
    const { db } = await database();
    const count = await db.select().from(tenantRoles).where(eq(tenantRoles.tenantId, o.tenant.id));
    expect(count).toHaveLength(4);
  });

  test("the role editor offers the catalog without its reserved names", () => {
    expect(GRANTABLE).toContain("work.execute");
    expect(GRANTABLE).toEqual(expect.arrayContaining(["jobs.read", "jobs.manage", "jobs.run"]));
    expect(GRANTABLE.some((p) => p.startsWith("apps."))).toBe(false);
  });
});
