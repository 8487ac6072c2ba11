import os from "node:os";
import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { flowRunNodes, flowRuns, jobFlows, jobFlowVersions } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import type { FlowGraph } from "@/lib/flows/graph";
import { reconcileFlowNodes } from "@/lib/flows/reconcile-flow-nodes";
import type { Actor } from "@/lib/tenants/actor";
import { makeOwner } from "../../support/factory";

const graph: FlowGraph = { nodes: [], edges: [] };

/** A run whose node `a` is running, as `runner` left it with its last heartbeat at `beat`. */
async function runningNode(actor: Actor, runner: string, beat: Date) {
  return withTenant(actor, async (tx) => {
    const [flow] = await tx
      .insert(jobFlows)
      .values({ name: `Flow ${Math.random().toString(36).slice(2, 8)}`, graph, publishedVersion: 1 })
      .returning();
    if (!flow) throw new Error("no flow");
    await tx.insert(jobFlowVersions).values({ flowId: flow.id, version: 1, graph, parallelism: 4 });
    const [run] = await tx
      .insert(flowRuns)
      .values({ flowId: flow.id, version: 1, triggerType: "manual", status: "running" })
      .returning();
    const [node] = await tx
      .insert(flowRunNodes)
      .values({
        runId: run?.id ?? "",
        nodeId: "a",
        kind: "shell",
        status: "running",
        attempt: 1,
        runner,
        heartbeatAt: beat,
      })
      .returning();
    return node?.id ?? "";
  });
}
const nodeOf = async (actor: Actor, id: string) =>
  (await withTenant(actor, (tx) => tx.select().from(flowRunNodes).where(eq(flowRunNodes.id, id))))[0];

describe("the flow nodes' watchdog", () => {
  test("closes a running node whose runner stopped beating as failed, interrupted; leaves a live one and other tenants' alone", async () => {
    const { actor } = await makeOwner();
    const other = await makeOwner();
    const dead = await runningNode(actor, "gone-host:4194000", new Date(Date.now() - 10 * 60_000));
    const stale = await runningNode(actor, `${os.hostname()}:999999999`, new Date(Date.now() - 10 * 60_000));
    const alive = await runningNode(actor, "other-host:123", new Date());
    const elsewhere = await runningNode(other.actor, "gone-host:4194000", new Date(Date.now() - 10 * 60_000));

    expect(await reconcileFlowNodes({ tenantIds: [actor.tenantId] })).toEqual({ closed: 2 });
    for (const id of [dead, stale]) {
      const node = await nodeOf(actor, id);
      expect(node?.status).toBe("failed");
      expect(node?.error).toContain("flows.node_interrupted");
      expect(node?.finishedAt).not.toBeNull();
    }
    expect((await nodeOf(actor, alive))?.status).toBe("running");
    expect((await nodeOf(other.actor, elsewhere))?.status).toBe("running");
    // A second sweep finds nothing more to close.
    expect(await reconcileFlowNodes({ tenantIds: [actor.tenantId] })).toEqual({ closed: 0 });
  });
});
