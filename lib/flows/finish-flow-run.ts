import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { flowRunNodes, flowRuns } from "@/db/schema";
import type { Tx } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { clock } from "@/lib/clock";
import { enqueue, type Outbox } from "@/lib/events/publish";
import type { FlowRunStatus } from "./catalog";
import { closeGateTasks } from "./gate";

export type FlowRunEnd = { status: Exclude<FlowRunStatus, "pending" | "running">; error?: string | null };

/**
 * Records a run's end, once (only a run still `pending` or `running` ends; null otherwise), in the
 * caller's tenant transaction: a run whose cancel was requested ends `cancelled` whatever the engine
 * said; nodes that never started are closed (`cancelled` for a cancelled run, else `skipped`), a node
 * still `running` is left to its runner (a gate still waiting is closed too, and its approval tasks
 * end); the audit row and `flow/run.finished` go with it.
 */
export async function finishFlowRun(tx: Tx, runId: string, end: FlowRunEnd): Promise<Outbox | null> {
  const now = clock.date();
  const [run] = await tx
    .update(flowRuns)
    .set({
      status: sql`case when ${flowRuns.cancelRequestedAt} is not null then 'cancelled' else ${end.status} end`,
      finishedAt: now,
      error: sql`case when ${flowRuns.cancelRequestedAt} is not null then null else ${end.error ?? null}::text end`,
    })
    .where(and(eq(flowRuns.id, runId), inArray(flowRuns.status, ["pending", "running"])))
    .returning({ id: flowRuns.id, tenantId: flowRuns.tenantId, flowId: flowRuns.flowId, status: flowRuns.status });
  if (!run) return null;
  const status = run.status as FlowRunEnd["status"];
  await tx
    .update(flowRunNodes)
    .set({ status: status === "cancelled" ? "cancelled" : "skipped", finishedAt: now })
    .where(and(eq(flowRunNodes.runId, runId), inArray(flowRunNodes.status, ["pending", "waiting"])));
  await closeGateTasks(tx, runId);
  await audit(tx, {
    action: "flow_run.finish",
    targetType: "flow_run",
    targetId: run.id,
    actorLabel: "system",
    before: { status: "running" },
    after: { status },
  });
  return enqueue(tx, run.tenantId, [
    {
      name: "flow/run.finished",
      data: { tenantId: run.tenantId, flowId: run.flowId, runId: run.id, status },
    },
  ]);
}

/**
 * A run whose cancel was requested, closed `cancelled` once none of its nodes runs any more (the
 * last stopped node's end calls this). Null when it is not cancelled or something still runs.
 */
export async function closeIfCancelled(tx: Tx, runId: string): Promise<Outbox | null> {
  const [row] = await tx
    .select({
      cancelled: sql<boolean>`${flowRuns.cancelRequestedAt} is not null`,
      running: sql<number>`(select count(*)::int from ${flowRunNodes} n where n.run_id = ${flowRuns.id} and n.status = 'running')`,
    })
    .from(flowRuns)
    .where(eq(flowRuns.id, runId));
  if (!row?.cancelled || row.running > 0) return null;
  return finishFlowRun(tx, runId, { status: "cancelled" });
}
