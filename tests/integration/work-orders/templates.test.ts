import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { getOrder, getTemplate, listTemplates } from "@/db/queries/work-orders";
import { woTemplateVersions } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { saveFlow } from "@/lib/approvals/save-flow";
import type { SafeError } from "@/lib/errors";
import { createCategory, deleteCategory } from "@/lib/work-orders/save-category";
import { saveTemplate } from "@/lib/work-orders/save-template";
import { submitOrder } from "@/lib/work-orders/submit-order";
import { chain } from "../../support/approvals";
import { makeOwner } from "../../support/factory";
import { level, makeTemplate, workOrderTenant } from "../../support/work-orders";

describe("templates", () => {
  test("every {Name} in the command must be defined: the unknown ones are listed, nothing is saved", async () => {
    const t = await workOrderTenant(0);
    const before = await withTenant(t.owner.actor, (tx) => listTemplates(tx));
    await expect(
      makeTemplate(t, { template: { command: `deploy -g "{GitProjName}" -i "{AnsibleHosts}" {Host}` } }),
    ).rejects.toMatchObject({
      field: "command",
      message: "The command uses undefined variables: {GitProjName}, {AnsibleHosts}.",
    });
    expect(await withTenant(t.owner.actor, (tx) => listTemplates(tx))).toHaveLength(before.length);
  });

  test("edits make new versions; an order keeps the version it was submitted with", async () => {
    const t = await workOrderTenant(0);
    const id = await makeTemplate(t, { template: { command: "echo v1 {Host}" } });
    const o1 = await submitOrder(t.requester.actor, { templateId: id, title: "", values: { Host: "host1" } });
    const current = await withTenant(t.owner.actor, (tx) => getTemplate(tx, id));
    if (!current) throw new Error("template missing");
    await saveTemplate(t.owner.actor, {
      id,
      name: current.name,
      description: "",
      environmentId: t.envId,
      purposeId: t.purposeId,
      command: "echo v2 {Host}",
      workdir: "",
      timeoutSeconds: 30,
      submitRoles: current.version.submitRoles as ["MEMBER"],
      requiresApproval: false,
      approvalFlowId: null,
      fourEyes: false,
      deployWindow: null,
      variables: current.version.variables,
      internalVariables: {},
      enabled: true,
    });
    const o2 = await submitOrder(t.requester.actor, { templateId: id, title: "", values: { Host: "host1" } });
    const [d1, d2] = await withTenant(t.owner.actor, async (tx) => [
      await getOrder(tx, o1.id),
      await getOrder(tx, o2.id),
    ]);
    expect([d1?.version, d1?.order.commandPreview]).toEqual([1, "echo v1 host1"]);
    expect([d2?.version, d2?.order.commandPreview]).toEqual([2, "echo v2 host1"]);
  });

  test("internal values are stored encrypted, never read back, and kept when an edit sends null", async () => {
    const t = await workOrderTenant(0);
    const id = await makeTemplate(t, {
      template: { command: "deploy {Host} {Token}", internalVariables: { Token: "tok-123" } },
    });
    const rows = await withTenant(t.owner.actor, (tx) =>
      tx.select().from(woTemplateVersions).where(eq(woTemplateVersions.templateId, id)),
    );
    expect(rows[0]?.internalVariables).toMatch(/^v1:/);
    expect(rows[0]?.internalVariables).not.toContain("tok-123");
    const shown = await withTenant(t.owner.actor, (tx) => getTemplate(tx, id));
    expect(JSON.stringify(shown)).not.toContain("tok-123");
    expect(shown?.version.internalNames).toEqual(["Token"]);
    await expect(
      makeTemplate(t, { template: { command: "deploy {Host} {Token}", internalVariables: { Token: null } } }),
    ).rejects.toMatchObject({ field: "internalVariables" });
  });

  test("only admins edit templates, flows and categories; categories are unique and in-use ones stay", async () => {
    const t = await workOrderTenant(1);
    await expect(createCategory(t.requester.actor, { kind: "environment", name: "TEST" })).rejects.toThrow(
      /You need the “Manage categories” permission/,
    );
    const taken = createCategory(t.owner.actor, { kind: "environment", name: "prod" });
    await expect(taken).rejects.toMatchObject({
      field: "name",
      message: 'There is already an environment category named "prod".',
    });
    expect(((await taken.catch((e) => e)) as SafeError).render("zh-CN")).toBe("已存在名为“prod”的环境分类。");
    await makeTemplate(t);
    await expect(deleteCategory(t.owner.actor, { id: t.envId })).rejects.toThrow(/used by templates/);
    const stranger = await makeOwner("stranger");
    await expect(
      saveFlow(t.owner.actor, { name: "bad", description: "", graph: chain([level("single", [stranger.userId])]) }),
    ).rejects.toThrow(/must be a member/);
    await expect(
      saveFlow(t.owner.actor, { name: "empty", description: "", graph: chain([level("single", [])]) }),
    ).rejects.toThrow(/Pick at least one member or role/);
  });
});
