import "server-only";
import { and, desc, eq, isNotNull, sql } from "drizzle-orm";
import { flowRunNodes, flowRunOutput, flowRuns, jobRunOutput, jobRuns } from "@/db/schema";
import { type Tx, withTenant } from "@/db/tenant";
import { clock } from "@/lib/clock";
import { decryptSecret } from "@/lib/crypto";
import { dispatch, type Outbox } from "@/lib/events/publish";
import { msg } from "@/lib/i18n/message";
import { callJob } from "@/lib/jobs/call";
import type { JobConfig, JobType } from "@/lib/jobs/catalog";
import { runJob } from "@/lib/jobs/run-job";
import { activeRuns } from "@/lib/work-orders/active-runs";
import { retrying } from "@/lib/work-orders/retrying";
import { HEARTBEAT_MS, hasLiveRunner } from "@/lib/work-orders/run-execution";
import {
  type HttpNodeData,
  MAX_NODE_OUTPUT_BYTES,
  type NodePolicy,
  type ShellNodeData,
  type SqlNodeData,
} from "./catalog";
import { claimNode, unknownRef } from "./claim-node";
import { type NodeOutcome, policyOf } from "./engine";
import { closeIfCancelled } from "./finish-flow-run";
import { outputOf } from "./node-output";
import { replaceRefs, resolveRef } from "./references";
import { ENDED_NODE_STATUSES } from "./request-run";

export const NODE_INTERRUPTED = msg("flows.node_interrupted");
const NOT_PREPARED = msg("flows.node_not_prepared");

export type RunNodeInput = { tenantId: string; runId: string; nodeId: string; attempt: number };
type NodeRow = typeof flowRunNodes.$inferSelect;
type NodeEnd = { status: "success" | "failed" | "timeout" | "cancelled"; output?: unknown; error?: string | null };

/**
 * One attempt of one executable node of a run (a step of the flow-run function: `node:<id>:<attempt>`).
 * Claims the node's row (`pending`, or the previous attempt's failure → `running`, this attempt's
 * number, naming this server), builds the call and makes it, keeps a heartbeat while it runs, and
 * records the end with the node's output. Returns what the node came to (the engine's outcome).
 *
 * - Inline shell / HTTP / SQL nodes go through `callJob`: every `{params.X}` and
 *   `{nodes.<id>.output.<path>}` becomes a generated placeholder (`{__ref1}`) whose value is a
 *   parameter of the call, so it is passed the safe way (an environment variable of the shell, URL-
 *   encoded, an SQL bind), never pasted into code. A shell node's lines go to `flow_run_output`.
 * - A job node runs its job's current version as a job run of trigger `flow` (`runJob`), its row's
 *   `job_run_id` naming it; its parameter values may hold references (resolved to text: the job
 *   passes them its own safe way).
 * - Output: a shell's last stdout line if it is JSON (else null), an HTTP body if it is JSON (else
 *   `{ status, body }`), an SQL node's `{ rows }` (objects by column); over MAX_NODE_OUTPUT_BYTES the
 *   node fails. A `fail` timeout of its policy ends it `timeout`; a `warn` one marks it `warned` and
 *   lets it run to its config's own limit.
 * - Delivered again (a crash, a resent step): an attempt already ended answers its recorded outcome;
 *   one still `running` with no live runner is closed as failed, interrupted — never called twice.
 */
export async function runNode(input: RunNodeInput): Promise<NodeOutcome> {
  const ctx = { tenantId: input.tenantId, userId: null };
  const prep = await claimNode(input);

  if (prep.kind === "cancelled") {
    if (prep.outbox) dispatch(prep.outbox);
    return { status: "cancelled" };
  }
  if (prep.kind === "seen") return seen(input, prep.row);
  if (prep.kind === "refused") return end(input, prep.row, { status: "failed", error: prep.error });

  const { run, row, node, graph } = prep;
  const policy = policyOf(graph, node.id);
  // The flow's own limit caps what is left of every node's time.
  const flowLeftMs =
    prep.flowTimeoutMs === null
      ? null
      : Math.max(1, prep.flowTimeoutMs - (clock.now() - (run.startedAt ?? clock.date()).getTime()));

  // A timeout under the flow's time left, when that was the tighter limit, is the flow's (the run
  // then fails as a whole). A job node's own version timeout is not known here: the node's policy is.
  const marked = (o: NodeOutcome, otherLimitMs: number): NodeOutcome =>
    o.status === "timeout" && flowLeftMs !== null && flowLeftMs <= otherLimitMs ? { ...o, flowTimedOut: true } : o;

  let pgid: number | null = null;
  let closedElsewhere = false;
  let stopHere = false;
  const beat = async () => {
    const rows = await withTenant(ctx, (tx) =>
      tx
        .update(flowRunNodes)
        .set({ heartbeatAt: sql`now()`, ...(pgid ? { pgid } : {}) })
        .where(and(eq(flowRunNodes.id, row.id), eq(flowRunNodes.status, "running")))
        .returning({ id: flowRunNodes.id }),
    );
    if (rows.length === 0) closedElsewhere = true;
  };
  const heartbeat = setInterval(() => beat().catch(() => {}), HEARTBEAT_MS);
  const warn =
    policy.timeoutMs !== null && policy.timeoutAction === "warn"
      ? setTimeout(() => {
          withTenant(ctx, (tx) =>
            tx
              .update(flowRunNodes)
              .set({ warned: true })
              .where(and(eq(flowRunNodes.id, row.id), eq(flowRunNodes.status, "running"))),
          ).catch(() => {});
        }, policy.timeoutMs)
      : null;
  activeRuns.add(row.id, {
    stop: () => {
      stopHere = true;
      if (prep.kind === "job") activeRuns.stop(prep.jobRunId);
    },
  });
  try {
    if (prep.kind === "job") {
      const limitMs = Math.min(nodeLimitMs(policy, Number.POSITIVE_INFINITY), flowLeftMs ?? Number.POSITIVE_INFINITY);
      await runJob({
        tenantId: input.tenantId,
        runId: prep.jobRunId,
        ...(Number.isFinite(limitMs) ? { limitMs } : {}),
      });
      const { jobRunId, jobType } = prep;
      return marked(
        await end(input, row, (tx) => jobNodeEnd(tx, jobRunId, jobType)),
        nodeLimitMs(policy, Number.POSITIVE_INFINITY),
      );
    }

    let config: JobConfig;
    const values: Record<string, string> = { ...run.params };
    let missing: string | null = null;
    let n = 0;
    const sub = (text: string) =>
      replaceRefs(text, (ref) => {
        const value = resolveRef(ref, prep.scope);
        if (value === undefined) {
          missing ??= ref.raw;
          return undefined;
        }
        const name = `__ref${++n}`;
        values[name] = value;
        return `{${name}}`;
      });
    let ownLimitMs: number;
    if (node.type === "shell") {
      const c = (node.data as ShellNodeData).config;
      config = { type: "shell", ...c, command: sub(c.command) };
      ownLimitMs = c.timeoutMs;
    } else if (node.type === "http") {
      const c = (node.data as HttpNodeData).config;
      config = {
        type: "http",
        ...c,
        url: sub(c.url),
        headers: Object.fromEntries(Object.entries(c.headers).map(([k, v]) => [k, sub(v)])),
        body: sub(c.body),
      };
      ownLimitMs = c.timeoutMs;
    } else {
      const c = (node.data as SqlNodeData).config;
      config = { type: "sql", ...c, params: c.params.map(sub) };
      ownLimitMs = c.statementTimeoutMs;
    }
    if (missing) return await end(input, row, { status: "failed", error: unknownRef(missing) });

    let datasource: { url: string; readOnly: boolean } | null = null;
    if (config.type === "sql") {
      if (!prep.source) return await end(input, row, { status: "failed", error: msg("jobs.datasource_not_found") });
      try {
        datasource = { url: decryptSecret(prep.source.url), readOnly: prep.source.readOnly };
      } catch (error) {
        console.error(`[flows] node ${row.id} could not be prepared`, (error as Error).message);
        return await end(input, row, { status: "failed", error: NOT_PREPARED });
      }
    }

    let lastStdout: string | null = null;
    const outcome = await callJob({
      runId: row.id,
      tenantId: input.tenantId,
      config,
      params: values,
      secrets: {},
      datasource,
      timeoutMs: Math.min(nodeLimitMs(policy, ownLimitMs), flowLeftMs ?? Number.POSITIVE_INFINITY),
      onSpawn: (pid) => {
        pgid = pid;
        beat().catch(() => {});
      },
      onOutput: async (lines, firstSeq) => {
        for (const l of lines) if (l.stream === "stdout") lastStdout = l.line;
        const rows = lines.map((l, i) => ({
          runNodeId: row.id,
          attempt: input.attempt,
          seq: firstSeq + i,
          stream: l.stream,
          line: l.line,
        }));
        await withTenant(ctx, (tx) => tx.insert(flowRunOutput).values(rows).onConflictDoNothing());
      },
      shouldCancel: async () => {
        if (closedElsewhere || stopHere) return true;
        const rows = await withTenant(ctx, (tx) =>
          tx
            .select({ id: flowRuns.id })
            .from(flowRuns)
            .where(and(eq(flowRuns.id, run.id), isNotNull(flowRuns.cancelRequestedAt))),
        );
        return rows.length > 0;
      },
    });
    const output = outputOf(config.type, outcome.result, lastStdout);
    return marked(
      await end(input, row, { status: outcome.status, output, error: outcome.error }),
      nodeLimitMs(policy, ownLimitMs),
    );
  } finally {
    clearInterval(heartbeat);
    if (warn) clearTimeout(warn);
    activeRuns.delete(row.id);
  }
}

/** The limit a call gets: a `fail` timeout of the node's policy within its config's own. */
function nodeLimitMs(policy: NodePolicy, ownMs: number): number {
  if (policy.timeoutMs !== null && policy.timeoutAction === "fail") return Math.min(ownMs, policy.timeoutMs);
  return ownMs;
}

/** What a job node came to: its job run's end and output (the last stdout line of a shell job). */
async function jobNodeEnd(tx: Tx, jobRunId: string, type: JobType): Promise<NodeEnd> {
  // Pipelined: the run's end and, for a shell job, its last stdout line.
  const [[jobRun], [last]] = await Promise.all([
    tx.select().from(jobRuns).where(eq(jobRuns.id, jobRunId)),
    type === "shell"
      ? tx
          .select({ line: jobRunOutput.line })
          .from(jobRunOutput)
          .where(and(eq(jobRunOutput.runId, jobRunId), eq(jobRunOutput.stream, "stdout")))
          .orderBy(desc(jobRunOutput.seq))
          .limit(1)
      : Promise.resolve([]),
  ]);
  const status = jobRun?.status;
  const ended =
    status === "success" || status === "failed" || status === "timeout" || status === "cancelled" ? status : "failed";
  return {
    status: ended,
    output: outputOf(type, jobRun?.result, last?.line ?? null),
    error: jobRun?.error ?? (ended === status ? null : NODE_INTERRUPTED),
  };
}

const outcomeOf = (row: NodeRow): NodeOutcome => {
  const status = (ENDED_NODE_STATUSES as readonly string[]).includes(row.status)
    ? (row.status as NodeOutcome["status"])
    : "failed";
  return row.output === null ? { status } : { status, output: row.output };
};

/**
 * A step delivered again for an attempt already claimed: its recorded end; or, while it is still
 * `running`, the wait for its live runner; with none, it is closed as failed, interrupted.
 */
async function seen(input: RunNodeInput, row: NodeRow): Promise<NodeOutcome> {
  const ctx = { tenantId: input.tenantId, userId: null };
  let current = row;
  while (current.status === "running") {
    if (!hasLiveRunner(current)) return end(input, current, { status: "failed", error: NODE_INTERRUPTED });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const [again] = await withTenant(ctx, (tx) => tx.select().from(flowRunNodes).where(eq(flowRunNodes.id, row.id)));
    if (!again) throw new Error(`flow run node ${row.id} is gone`);
    current = again;
  }
  return outcomeOf(current);
}

/**
 * Records the attempt's end (once: only the attempt still `running`), retried through a database blip.
 * The end is given, or read in the same transaction (a job node's: its job run's end).
 */
async function end(
  input: RunNodeInput,
  row: NodeRow,
  given: NodeEnd | ((tx: Tx) => Promise<NodeEnd>),
): Promise<NodeOutcome> {
  const ctx = { tenantId: input.tenantId, userId: null };
  const done = await retrying(() =>
    withTenant(ctx, async (tx) => {
      const e = typeof given === "function" ? await given(tx) : given;
      let status = e.status;
      let output = e.output ?? null;
      let error = e.error ?? null;
      if (output !== null && Buffer.byteLength(JSON.stringify(output)) > MAX_NODE_OUTPUT_BYTES) {
        output = null;
        if (status === "success") status = "failed";
        error = msg("flows.output_too_large", { max: MAX_NODE_OUTPUT_BYTES });
      }
      const [ended] = await tx
        .update(flowRunNodes)
        .set({ status, finishedAt: clock.date(), output, error })
        .where(
          and(eq(flowRunNodes.id, row.id), eq(flowRunNodes.status, "running"), eq(flowRunNodes.attempt, row.attempt)),
        )
        .returning();
      if (!ended) {
        const [current] = await tx.select().from(flowRunNodes).where(eq(flowRunNodes.id, row.id));
        return { row: current ?? null, outbox: null as Outbox | null };
      }
      return { row: ended, outbox: status === "cancelled" ? await closeIfCancelled(tx, row.runId) : null };
    }),
  );
  if (done.outbox) dispatch(done.outbox);
  if (!done.row || done.row.status === "running") return { status: "failed" };
  return outcomeOf(done.row);
}
