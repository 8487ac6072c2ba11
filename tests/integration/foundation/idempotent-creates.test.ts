import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { listUserTenants } from "@/db/queries/tenancy";
import { approvalFlows, auditLog, notificationChannels, woCategories, woTemplateVersions } from "@/db/schema";
import { type TenantCtx, withTenant, withUser } from "@/db/tenant";
import { saveFlow } from "@/lib/approvals/save-flow";
import { saveChannel } from "@/lib/notifications/save-channel";
import { addMember } from "@/lib/tenants/add-member";
import { createTenant } from "@/lib/tenants/create-tenant";
import { createCategory } from "@/lib/work-orders/save-category";
import { saveTemplate } from "@/lib/work-orders/save-template";
import { chain } from "../../support/approvals";
import { makeOwner } from "../../support/factory";
import { workOrderTenant } from "../../support/work-orders";

// Every create form sends the idempotency key it made when it rendered; each create operation runs
// its write through the same `once`, so a retry after a lost answer returns the first result
// (where, without the key, it made a second row or was refused as a duplicate).

const audits = (actor: TenantCtx, action: string, targetId: string) =>
  withTenant(actor, (tx) =>
    tx
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(and(eq(auditLog.action, action), eq(auditLog.targetId, targetId))),
  );

describe("a repeated create with the same key returns the first result and writes nothing", () => {
  test("category", async () => {
    const o = await makeOwner();
    const input = { kind: "environment" as const, name: "STAGE", idempotencyKey: randomUUID() };
    const first = await createCategory(o.actor, input);
    expect(await createCategory(o.actor, input)).toEqual(first);
    const rows = await withTenant(o.actor, (tx) =>
      tx.select().from(woCategories).where(eq(woCategories.name, "STAGE")),
    );
    expect(rows).toHaveLength(1);
    expect(await audits(o.actor, "category.create", first.id)).toHaveLength(1);
  });

  test("template: a create once, and an edit adds one version, not two", async () => {
    const t = await workOrderTenant(0);
    const base = {
      name: "Keyed",
      description: "",
      environmentId: t.envId,
      purposeId: t.purposeId,
      command: "echo hi",
      workdir: "",
      timeoutSeconds: 30,
      submitRoles: ["OWNER" as const],
      requiresApproval: false,
      approvalFlowId: null,
      fourEyes: false,
      deployWindow: null,
      variables: [],
      internalVariables: {},
      enabled: true,
    };
    const create = { ...base, idempotencyKey: randomUUID() };
    const first = await saveTemplate(t.owner.actor, create);
    expect(await saveTemplate(t.owner.actor, create)).toEqual(first);
    const edit = { ...base, id: first.id, command: "echo changed", idempotencyKey: randomUUID() };
    const edited = await saveTemplate(t.owner.actor, edit);
    expect(await saveTemplate(t.owner.actor, edit)).toEqual(edited);
    expect(edited.version).toBe(2);
    const versions = await withTenant(t.owner.actor, (tx) =>
      tx.select().from(woTemplateVersions).where(eq(woTemplateVersions.templateId, first.id)),
    );
    expect(versions.map((v) => v.version).sort()).toEqual([1, 2]);
    expect(await audits(t.owner.actor, "template.create", first.id)).toHaveLength(1);
  });

  test("approval flow", async () => {
    const o = await makeOwner();
    const input = {
      name: "Keyed flow",
      description: "",
      graph: chain([{ name: "L1", kind: "single" as const, users: [o.userId], roles: [], timeoutHours: null }]),
      idempotencyKey: randomUUID(),
    };
    const first = await saveFlow(o.actor, input);
    expect(await saveFlow(o.actor, input)).toEqual(first);
    const rows = await withTenant(o.actor, (tx) =>
      tx.select().from(approvalFlows).where(eq(approvalFlows.name, "Keyed flow")),
    );
    expect(rows).toHaveLength(1);
  });

  test("notification channel", async () => {
    const o = await makeOwner();
    const input = {
      name: "Ops hook",
      kind: "webhook" as const,
      enabled: true,
      events: [],
      url: "https://hooks.example.test/ops",
      signingSecret: "",
      clearSigningSecret: false,
      idempotencyKey: randomUUID(),
    };
    const first = await saveChannel(o.actor, input);
    expect(await saveChannel(o.actor, input)).toEqual(first);
    const rows = await withTenant(o.actor, (tx) =>
      tx.select().from(notificationChannels).where(eq(notificationChannels.name, "Ops hook")),
    );
    expect(rows).toHaveLength(1);
    expect(await audits(o.actor, "notification_channel.create", first.id)).toHaveLength(1);
  });

  test("member", async () => {
    const o = await makeOwner();
    const other = await makeOwner("joiner");
    const input = { email: other.email, role: "MEMBER" as const, idempotencyKey: randomUUID() };
    const first = await addMember(o.actor, input);
    expect(await addMember(o.actor, input)).toEqual(first);
    expect(await audits(o.actor, "member.add", other.userId)).toHaveLength(1);
  });

  test("tenant: one tenant per key and user; another user's same key makes their own", async () => {
    const o = await makeOwner();
    const other = await makeOwner("other");
    const key = randomUUID();
    const input = { name: `Second ${key.slice(0, 6)}`, idempotencyKey: key };
    const [first, again] = await Promise.all([
      createTenant({ userId: o.userId }, input),
      createTenant({ userId: o.userId }, input),
    ]);
    expect(again).toEqual(first);
    const theirs = await createTenant({ userId: other.userId }, input);
    expect(theirs.id).not.toBe(first.id);
    const mine = await withUser({ userId: o.userId }, (tx) => listUserTenants(tx, o.userId));
    expect(mine.filter((x) => x.name === input.name)).toHaveLength(1);
    const ids = mine.map((x) => x.id);
    expect(ids).toContain(first.id);
    expect(ids).not.toContain(theirs.id);
  });
});
