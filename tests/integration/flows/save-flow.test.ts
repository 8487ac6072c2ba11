import { count, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { getFlow, getFlowVersion, listFlows, listFlowVersions } from "@/db/queries/flows";
import { auditLog, jobFlows, jobFlowVersions } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { pgCode } from "@/lib/errors";
import { publishFlow } from "@/lib/flows/publish-flow";
import { saveFlow } from "@/lib/flows/save-flow";
import type { Actor } from "@/lib/tenants/actor";
import { ZSaveJobFlow } from "@/lib/validation/flows";
import { makeMember, makeOwner } from "../../support/factory";

/** PostgreSQL's insufficient_privilege. */
const PERMISSION_DENIED = "42501";

const policy = { onFailure: "fail", timeoutMs: null, timeoutAction: "fail", retries: 0, retryDelayMs: 10_000 };
const shell = (id: string, command: string, y: number) => ({
  id,
  type: "shell",
  position: { x: 0, y },
  data: { name: id, config: { command, workdir: "", envKeys: [], timeoutMs: 60_000 }, policy },
});
/** start → build → end, the build echoing the flow's Target parameter. */
const graph = (command = "echo {params.Target}") => ({
  nodes: [
    { id: "start", type: "start", position: { x: 0, y: 0 }, data: {} },
    shell("build", command, 120),
    { id: "end", type: "end", position: { x: 0, y: 240 }, data: {} },
  ],
  edges: [
    { id: "e1", source: "start", target: "build", sourceHandle: "out" },
    { id: "e2", source: "build", target: "end", sourceHandle: "success" },
  ],
});
const settings = { parameters: [{ name: "Target", default: "staging" }], parallelism: 2, timeoutMs: null };

/** A save as the designer sends it, through the schema (its defaults filled in). */
const input = (extra: Record<string, unknown> = {}) => {
  const { tenant: _, ...parsed } = ZSaveJobFlow.parse({
    tenant: "t-flows",
    name: "Release",
    graph: graph(),
    settings,
    ...extra,
  });
  return parsed;
};
const read = <T>(actor: Actor, fn: Parameters<typeof withTenant<T>>[1]) => withTenant(actor, fn);
const flowCount = (actor: Actor) => read(actor, async (tx) => (await tx.select({ n: count() }).from(jobFlows))[0]?.n);
const auditCount = (actor: Actor) =>
  read(
    actor,
    async (tx) => (await tx.select({ n: count() }).from(auditLog).where(eq(auditLog.targetType, "job_flow")))[0]?.n,
  );

describe("job flows: save and publish", () => {
  test("publishing twice gives versions 1 and 2; version 1 stays as it was, and the app role cannot change it", async () => {
    const { actor } = await makeOwner();
    const { id } = await saveFlow(actor, input());
    expect(await read(actor, (tx) => getFlow(tx, id))).toMatchObject({
      publishedVersion: null,
      hasUnpublishedChanges: true,
    });
    expect(await publishFlow(actor, { flowId: id })).toEqual({ version: 1 });
    // Nothing changed since: a second publish is refused.
    await expect(publishFlow(actor, { flowId: id })).rejects.toMatchObject({ code: "flows.already_published" });

    await saveFlow(
      actor,
      input({ id, graph: graph("echo v2 {params.Target}"), settings: { ...settings, parallelism: 5 } }),
    );
    expect(await read(actor, (tx) => getFlow(tx, id))).toMatchObject({
      publishedVersion: 1,
      hasUnpublishedChanges: true,
    });
    expect(await publishFlow(actor, { flowId: id })).toEqual({ version: 2 });

    const [v1, v2, versions] = await read(actor, async (tx) => [
      await getFlowVersion(tx, id, 1),
      await getFlowVersion(tx, id, 2),
      await listFlowVersions(tx, id),
    ]);
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    const commandOf = (v: typeof v1) =>
      (v?.graph.nodes[1]?.data as { config?: { command?: string } } | undefined)?.config?.command;
    expect(commandOf(v1)).toBe("echo {params.Target}");
    expect(v1?.parallelism).toBe(2);
    expect(commandOf(v2)).toBe("echo v2 {params.Target}");
    expect(v2?.parallelism).toBe(5);
    expect(v2?.parameters).toEqual([{ name: "Target", default: "staging" }]);

    // Immutable: the app role may not update or delete a version.
    const denied = async (fn: () => Promise<unknown>) => {
      const error = await fn().then(
        () => null,
        (e: unknown) => e,
      );
      expect(pgCode(error)).toBe(PERMISSION_DENIED);
    };
    await denied(() =>
      read(actor, (tx) => tx.update(jobFlowVersions).set({ parallelism: 9 }).where(eq(jobFlowVersions.flowId, id))),
    );
    await denied(() => read(actor, (tx) => tx.delete(jobFlowVersions).where(eq(jobFlowVersions.flowId, id))));
    expect((await read(actor, (tx) => getFlowVersion(tx, id, 1)))?.parallelism).toBe(2);
    // create, update, two publishes
    expect(await auditCount(actor)).toBe(4);
  });

  test("a forged graph with a cycle is refused and writes nothing", async () => {
    const { actor } = await makeOwner();
    const cyclic = graph();
    cyclic.nodes.splice(2, 0, shell("deploy", "echo deploy", 180));
    cyclic.edges.push(
      { id: "e3", source: "build", target: "deploy", sourceHandle: "success" },
      { id: "e4", source: "deploy", target: "build", sourceHandle: "success" },
    );
    await expect(saveFlow(actor, input({ graph: cyclic }))).rejects.toMatchObject({ code: "flows.invalid" });
    expect(await flowCount(actor)).toBe(0);
    expect(await auditCount(actor)).toBe(0);
  });

  test("a reference to a parameter the flow does not declare is refused, naming it", async () => {
    const { actor } = await makeOwner();
    const error = await saveFlow(actor, input({ graph: graph("deploy {params.Missing}") })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "flows.invalid", field: "graph.node.build" });
    expect((error as Error).message).toContain("Missing");
    expect(await flowCount(actor)).toBe(0);
  });

  test("a name is unique in the tenant, whatever its case", async () => {
    const { actor } = await makeOwner();
    await saveFlow(actor, input());
    await expect(saveFlow(actor, input({ name: "RELEASE" }))).rejects.toMatchObject({
      code: "flows.name_taken",
      field: "name",
    });
    expect(await flowCount(actor)).toBe(1);
  });

  test("a member without jobs.manage may neither save nor publish", async () => {
    const { actor: owner } = await makeOwner();
    const { id } = await saveFlow(owner, input());
    const { actor: member } = await makeMember(owner, "MEMBER");
    await expect(saveFlow(member, input({ name: "Mine" }))).rejects.toMatchObject({
      code: "common.missing_permission",
    });
    await expect(saveFlow(member, input({ id, name: "Renamed" }))).rejects.toMatchObject({
      code: "common.missing_permission",
    });
    await expect(publishFlow(member, { flowId: id })).rejects.toMatchObject({ code: "common.missing_permission" });
    expect(await read(owner, (tx) => getFlow(tx, id))).toMatchObject({ name: "Release", publishedVersion: null });
  });

  test("another tenant can neither read, update nor publish the flow", async () => {
    const { actor } = await makeOwner();
    const { id } = await saveFlow(actor, input());
    await publishFlow(actor, { flowId: id });
    const { actor: stranger } = await makeOwner("stranger");
    expect(await read(stranger, (tx) => getFlow(tx, id))).toBeNull();
    expect(await read(stranger, (tx) => listFlows(tx))).toEqual([]);
    expect(await read(stranger, (tx) => getFlowVersion(tx, id, 1))).toBeNull();
    await expect(publishFlow(stranger, { flowId: id })).rejects.toMatchObject({ code: "common.not_found" });
    await expect(saveFlow(stranger, input({ id, name: "Taken" }))).rejects.toMatchObject({ code: "common.not_found" });
    expect(await read(actor, (tx) => getFlow(tx, id))).toMatchObject({ name: "Release", publishedVersion: 1 });
  });
});
