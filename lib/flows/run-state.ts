import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { flowRunNodes, flowRuns, jobFlowVersions } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { clock } from "@/lib/clock";
import { dispatch } from "@/lib/events/publish";
import { msg } from "@/lib/i18n/message";
import { retrying } from "@/lib/work-orders/retrying";
import type { FlowParameter } from "./catalog";
import type { NodeOutcome } from "./engine";
import { type FlowRunEnd, finishFlowRun } from "./finish-flow-run";
import type { FlowGraph } from "./graph";
import { ENDED_NODE_STATUSES } from "./request-run";

/**
 * The flow-run function's reads and writes besides the nodes' own attempts (lib/flows/run-node.ts):
 * what a run is (its pinned version, parameters, the outcomes a rerun kept), the engine's skips,
 * passes and condition results, and the run's end.
 */

export type LoadedRun = {
  graph: FlowGraph;
  parameters: FlowParameter[];
  parallelism: number;
  params: Record<string, string>;
  /** Outcomes already recorded (a rerun's kept nodes), by node id. */
  outcomes: Record<string, NodeOutcome>;
  /** Null when the run is over already (cancelled before it started): nothing to do. */
  live: boolean;
};

type Ctx = { tenantId: string; runId: string };
const door = (input: Ctx) => ({ tenantId: input.tenantId, userId: null });

/** Reads the run for its function and marks it `running` (once). */
export async function loadFlowRun(input: Ctx): Promise<LoadedRun> {
  return withTenant(door(input), async (tx) => {
    const [run] = await tx.select().from(flowRuns).where(eq(flowRuns.id, input.runId));
    if (!run) throw new Error(`flow run ${input.runId} not found`);
    const [[version], rows] = await Promise.all([
      tx
        .select()
        .from(jobFlowVersions)
        .where(and(eq(jobFlowVersions.flowId, run.flowId), eq(jobFlowVersions.version, run.version))),
      tx.select().from(flowRunNodes).where(eq(flowRunNodes.runId, run.id)),
    ]);
    if (!version) throw new Error(`flow run ${run.id} names no version`);
    if (run.status === "pending")
      await tx
        .update(flowRuns)
        .set({ status: "running", startedAt: clock.date() })
        .where(and(eq(flowRuns.id, run.id), eq(flowRuns.status, "pending")));
    const outcomes: Record<string, NodeOutcome> = {};
    for (const r of rows)
      if ((ENDED_NODE_STATUSES as readonly string[]).includes(r.status))
        outcomes[r.nodeId] = {
          status: r.status as NodeOutcome["status"],
          ...(r.output === null ? {} : { output: r.output }),
          // Nothing has executed before the load: an outcome there is one a rerun kept.
          kept: true,
        };
    return {
      graph: version.graph,
      parameters: version.parameters,
      parallelism: version.parallelism,
      params: run.params,
      outcomes,
      live: run.status === "pending" || run.status === "running",
    };
  });
}

/** Records outcomes the engine decided without executing anything: skips, passes, condition results. */
export async function recordOutcomes(
  input: Ctx,
  entries: { nodeId: string; outcome: NodeOutcome; error?: string | null }[],
): Promise<void> {
  if (entries.length === 0) return;
  const now = clock.date();
  await withTenant(door(input), async (tx) => {
    for (const { nodeId, outcome, error } of entries)
      await tx
        .update(flowRunNodes)
        .set({
          status: outcome.status,
          finishedAt: now,
          ...(outcome.status === "skipped" ? {} : { startedAt: now }),
          output: outcome.output ?? null,
          error: error ?? null,
        })
        .where(
          and(
            eq(flowRunNodes.runId, input.runId),
            eq(flowRunNodes.nodeId, nodeId),
            inArray(flowRunNodes.status, ["pending", "waiting"]),
          ),
        );
  });
}

/** Records the run's end as the engine decided it (a cancel requested meanwhile wins). */
export async function endFlowRun(input: Ctx, end: FlowRunEnd): Promise<void> {
  const outbox = await retrying(() => withTenant(door(input), (tx) => finishFlowRun(tx, input.runId, end)));
  if (outbox) dispatch(outbox);
}

/** Closes a run whose function failed for an infrastructure reason (its onFailure), so it never stays "running". */
export async function failFlowRun(input: Ctx, error: unknown): Promise<void> {
  console.error(`[flows] run ${input.runId} failed outside its nodes`, (error as Error)?.message);
  const now = clock.date();
  const outbox = await retrying(() =>
    withTenant(door(input), async (tx) => {
      await tx
        .update(flowRunNodes)
        .set({ status: "failed", finishedAt: now, error: msg("flows.node_interrupted") })
        .where(and(eq(flowRunNodes.runId, input.runId), eq(flowRunNodes.status, "running")));
      return finishFlowRun(tx, input.runId, { status: "failed", error: msg("flows.run_interrupted") });
    }),
  );
  if (outbox) dispatch(outbox);
}
