import "server-only";
import { and, eq } from "drizzle-orm";
import { flowRunNodes, flowRuns, jobFlows, jobFlowVersions } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { clock } from "@/lib/clock";
import { SafeError } from "@/lib/errors";
import { dispatch, enqueue } from "@/lib/events/publish";
import { type Actor, requirePermission } from "@/lib/tenants/actor";
import type { FlowParameter, NodeStatus, RerunMode } from "./catalog";
import { type NodeOutcome, rerunPlan } from "./engine";

/** Node statuses that are an outcome the engine reads (a rerun keeps them, a run resumes from them). */
export const ENDED_NODE_STATUSES = ["success", "failed", "timeout", "skipped", "cancelled", "reused"] as const;
const isEnded = (s: NodeStatus): s is NodeOutcome["status"] => (ENDED_NODE_STATUSES as readonly string[]).includes(s);

/**
 * The values a run gets: each declared parameter's given value, else its default. A name the flow
 * does not declare is refused (a typo would otherwise run with the default, silently).
 */
export function flowRunParams(
  declared: readonly FlowParameter[],
  given: Record<string, string>,
): Record<string, string> {
  const names = new Set(declared.map((p) => p.name));
  const unknown = Object.keys(given).find((name) => !names.has(name));
  if (unknown) throw new SafeError("flows.unknown_parameter", { params: { name: unknown } });
  return Object.fromEntries(declared.map((p) => [p.name, given[p.name] ?? p.default]));
}

export type RerunRequest = { of: string; mode: RerunMode; from?: string };

/**
 * "Run now" of a flow's published version, or a rerun of a finished run (the same version and, unless
 * given again, the same parameters): writes the run, one `flow_run_nodes` row per node of the version
 * and `flow/run.requested` (its id the run's) in one transaction; the flow-run function executes it.
 * A rerun's nodes that it does not execute (the engine's `rerunPlan`) are written with their earlier
 * outcome, successes as `reused` with their output and `reused_from`: they never execute again.
 */
export async function requestFlowRun(
  actor: Actor,
  input: { flowId: string; params: Record<string, string>; rerun?: RerunRequest },
): Promise<{ runId: string }> {
  requirePermission(actor, "jobs.run");
  const { runId, outbox } = await withTenant(actor, async (tx) => {
    const [flow] = await tx.select().from(jobFlows).where(eq(jobFlows.id, input.flowId));
    if (!flow) throw new SafeError("flows.flow_not_found");
    const rerun = input.rerun;
    const [previous] = rerun
      ? await tx
          .select()
          .from(flowRuns)
          .where(and(eq(flowRuns.id, rerun.of), eq(flowRuns.flowId, flow.id)))
      : [];
    if (rerun && !previous) throw new SafeError("flows.run_not_found");
    if (previous && (previous.status === "pending" || previous.status === "running"))
      throw new SafeError("flows.run_not_finished");
    const versionNo = previous ? previous.version : flow.publishedVersion;
    if (versionNo === null) throw new SafeError("flows.not_published");
    const [version] = await tx
      .select()
      .from(jobFlowVersions)
      .where(and(eq(jobFlowVersions.flowId, flow.id), eq(jobFlowVersions.version, versionNo)));
    if (!version) throw new SafeError("flows.not_published");
    const params = flowRunParams(version.parameters, previous ? { ...previous.params, ...input.params } : input.params);

    // The rows of the earlier run, and what the rerun keeps of them.
    const kept = new Map<string, { outcome: NodeOutcome; row: typeof flowRunNodes.$inferSelect }>();
    if (rerun && previous) {
      if (rerun.mode === "from" && !version.graph.nodes.some((n) => n.id === rerun.from))
        throw new SafeError("flows.unknown_node", { params: { node: rerun.from ?? "" } });
      const rows = await tx.select().from(flowRunNodes).where(eq(flowRunNodes.runId, previous.id));
      const before = new Map<string, NodeOutcome>();
      for (const r of rows)
        if (isEnded(r.status)) before.set(r.nodeId, { status: r.status, output: r.output ?? undefined });
      const plan = rerunPlan(version.graph, before, rerun.mode, rerun.from);
      for (const [nodeId, outcome] of plan.keep) {
        const row = rows.find((r) => r.nodeId === nodeId);
        if (row && !plan.execute.has(nodeId)) kept.set(nodeId, { outcome, row });
      }
    }

    const now = clock.date();
    const [run] = await tx
      .insert(flowRuns)
      .values({
        flowId: flow.id,
        version: versionNo,
        triggerType: rerun ? "rerun" : "manual",
        params,
        rerunOf: previous?.id ?? null,
        rerunMode: rerun?.mode ?? null,
        rerunFrom: rerun?.mode === "from" ? (rerun.from ?? null) : null,
        createdAt: now,
        createdBy: actor.userId,
      })
      .returning({ id: flowRuns.id });
    if (!run) throw new Error("flow run insert returned nothing");
    await tx.insert(flowRunNodes).values(
      version.graph.nodes.map((node) => {
        const keep = kept.get(node.id);
        if (!keep) return { runId: run.id, nodeId: node.id, kind: node.type };
        const reused = keep.outcome.status === "reused" || keep.outcome.status === "success";
        return {
          runId: run.id,
          nodeId: node.id,
          kind: node.type,
          status: reused ? ("reused" as const) : keep.outcome.status,
          attempt: keep.row.attempt,
          startedAt: keep.row.startedAt,
          finishedAt: keep.row.finishedAt,
          output: keep.outcome.output ?? keep.row.output ?? null,
          error: reused ? null : keep.row.error,
          jobRunId: keep.row.jobRunId,
          // The row that executed it: an earlier reuse points on to its own origin.
          reusedFrom: reused ? (keep.row.reusedFrom ?? keep.row.id) : null,
        };
      }),
    );
    await audit(tx, {
      action: rerun ? "flow.rerun" : "flow.run",
      targetType: "job_flow",
      targetId: flow.id,
      after: {
        runId: run.id,
        version: versionNo,
        params: Object.keys(params),
        ...(rerun ? { rerunOf: rerun.of, mode: rerun.mode, from: rerun.from ?? null, reused: kept.size } : {}),
      },
    });
    const outbox = await enqueue(tx, actor.tenantId, [
      { id: run.id, name: "flow/run.requested", data: { tenantId: actor.tenantId, flowId: flow.id, runId: run.id } },
    ]);
    return { runId: run.id, outbox };
  });
  dispatch(outbox);
  return { runId };
}
