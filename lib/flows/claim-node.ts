import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { datasources, flowRunNodes, flowRuns, jobFlowVersions, jobRuns, jobs } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { clock } from "@/lib/clock";
import { msg } from "@/lib/i18n/message";
import { thisRunner } from "@/lib/work-orders/execution-processes";
import type { JobNodeData, SqlNodeData } from "./catalog";
import { closeIfCancelled } from "./finish-flow-run";
import { type FlowScope, replaceRefs, resolveRef } from "./references";
import { ENDED_NODE_STATUSES } from "./request-run";
import type { RunNodeInput } from "./run-node";

const GATE_NOT_AVAILABLE = msg("flows.gate_not_available");
export const unknownRef = (ref: string) => msg("flows.unknown_reference", { ref });

/**
 * The claim of one attempt of a node (runNode's first transaction): reads the run, its pinned
 * version, the node's row and the ended nodes' outputs (the references' scope) in one round trip,
 * then takes the row (`pending`, or the previous attempt's failure → `running`). Says what to do:
 * `seen` (this attempt was claimed before: a redelivery), `cancelled`, `refused` (it cannot run: its
 * job is gone or disabled, a reference names nothing), or what to call — an inline config, or a job
 * run of trigger `flow` written here with its parameters resolved.
 */
export async function claimNode(input: RunNodeInput) {
  return withTenant({ tenantId: input.tenantId, userId: null }, async (tx) => {
    // Pipelined: the run with its pinned version, this node's row, and what the ended nodes came
    // to (the references' scope; only the columns it reads).
    const [[found], [row], ended] = await Promise.all([
      tx
        .select({ run: flowRuns, graph: jobFlowVersions.graph, timeoutMs: jobFlowVersions.timeoutMs })
        .from(flowRuns)
        .leftJoin(
          jobFlowVersions,
          and(eq(jobFlowVersions.flowId, flowRuns.flowId), eq(jobFlowVersions.version, flowRuns.version)),
        )
        .where(eq(flowRuns.id, input.runId)),
      tx
        .select()
        .from(flowRunNodes)
        .where(and(eq(flowRunNodes.runId, input.runId), eq(flowRunNodes.nodeId, input.nodeId))),
      tx
        .select({ nodeId: flowRunNodes.nodeId, status: flowRunNodes.status, output: flowRunNodes.output })
        .from(flowRunNodes)
        .where(and(eq(flowRunNodes.runId, input.runId), inArray(flowRunNodes.status, [...ENDED_NODE_STATUSES]))),
    ]);
    if (!found) throw new Error(`flow run ${input.runId} not found`);
    const { run } = found;
    const version = found.graph ? { graph: found.graph, timeoutMs: found.timeoutMs } : null;
    const node = version?.graph.nodes.find((n) => n.id === input.nodeId);
    if (!version || !row || !node) throw new Error(`flow run ${run.id} has no node ${input.nodeId}`);
    if (row.attempt >= input.attempt) return { kind: "seen", row } as const;
    if (run.cancelRequestedAt) {
      await tx
        .update(flowRunNodes)
        .set({ status: "cancelled", finishedAt: clock.date() })
        .where(and(eq(flowRunNodes.id, row.id), inArray(flowRunNodes.status, ["pending", "failed", "timeout"])));
      return { kind: "cancelled", outbox: await closeIfCancelled(tx, run.id) } as const;
    }
    // A job node's job is read with the claim (pipelined; unused when the claim finds nothing).
    const jobId = node.type === "job" ? (node.data as JobNodeData).jobId : null;
    const [[claimed], [job]] = await Promise.all([
      tx
        .update(flowRunNodes)
        .set({
          status: "running",
          attempt: input.attempt,
          startedAt: sql`coalesce(${flowRunNodes.startedAt}, ${clock.date().toISOString()}::timestamptz)`,
          finishedAt: null,
          heartbeatAt: sql`now()`,
          runner: thisRunner(),
          error: null,
          warned: false,
        })
        .where(
          and(
            eq(flowRunNodes.id, row.id),
            eq(flowRunNodes.attempt, input.attempt - 1),
            inArray(flowRunNodes.status, ["pending", "failed", "timeout"]),
          ),
        )
        .returning(),
      jobId
        ? tx
            .select({ id: jobs.id, enabled: jobs.enabled, version: jobs.currentVersion, type: jobs.type })
            .from(jobs)
            .where(eq(jobs.id, jobId))
        : Promise.resolve([]),
    ]);
    if (!claimed) {
      const [current] = await tx.select().from(flowRunNodes).where(eq(flowRunNodes.id, row.id));
      return { kind: "seen", row: current ?? row } as const;
    }
    if (run.status === "pending")
      await tx
        .update(flowRuns)
        .set({ status: "running", startedAt: clock.date() })
        .where(and(eq(flowRuns.id, run.id), eq(flowRuns.status, "pending")));
    const scope: FlowScope = {
      params: run.params,
      nodes: Object.fromEntries(ended.map((r) => [r.nodeId, { status: r.status, output: r.output }])),
    };
    const base = { run, row: claimed, node, graph: version.graph, flowTimeoutMs: version.timeoutMs, scope };

    if (node.type === "job") {
      const data = node.data as JobNodeData;
      if (!job) return { kind: "refused", row: claimed, error: msg("flows.job_not_found") } as const;
      if (!job.enabled) return { kind: "refused", row: claimed, error: msg("flows.job_disabled") } as const;
      let missing: string | null = null;
      const params = Object.fromEntries(
        Object.entries(data.params ?? {}).map(([name, text]) => [
          name,
          replaceRefs(text, (ref) => {
            const value = resolveRef(ref, scope);
            if (value === undefined) missing ??= ref.raw;
            return value;
          }),
        ]),
      );
      if (missing) return { kind: "refused", row: claimed, error: unknownRef(missing) } as const;
      // The job run and the node naming it, pipelined in one round trip (the run's id made here;
      // both in this transaction, so one is never written without the other).
      const jobRunId = randomUUID();
      await Promise.all([
        tx.insert(jobRuns).values({
          id: jobRunId,
          jobId: job.id,
          version: job.version,
          triggerType: "flow",
          params,
          createdAt: clock.date(),
          createdBy: run.createdBy,
        }),
        tx.update(flowRunNodes).set({ jobRunId }).where(eq(flowRunNodes.id, claimed.id)),
      ]);
      return { kind: "job", ...base, jobRunId, jobType: job.type } as const;
    }
    if (node.type === "sql") {
      const config = (node.data as SqlNodeData).config;
      const [source] = await tx.select().from(datasources).where(eq(datasources.id, config.datasourceId));
      return { kind: "inline", ...base, source: source ?? null } as const;
    }
    if (node.type === "shell" || node.type === "http") return { kind: "inline", ...base, source: null } as const;
    // A gate is opened and closed by lib/flows/gate.ts, never run here.
    if (node.type === "gate") return { kind: "refused", row: claimed, error: GATE_NOT_AVAILABLE } as const;
    throw new Error(`node ${node.id} of kind ${node.type} does not execute`);
  });
}
