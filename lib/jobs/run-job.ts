import "server-only";
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { datasources, jobRunOutput, jobRuns, jobVersions } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { clock } from "@/lib/clock";
import { decryptSecret } from "@/lib/crypto";
import { dispatch } from "@/lib/events/publish";
import { msg } from "@/lib/i18n/message";
import { activeRuns } from "@/lib/work-orders/active-runs";
import { thisRunner } from "@/lib/work-orders/execution-processes";
import { retrying } from "@/lib/work-orders/retrying";
// A run is owned like an execution: a runner, its heartbeat, this process's active runs.
import { HEARTBEAT_MS, hasLiveRunner } from "@/lib/work-orders/run-execution";
import { callJob } from "./call";
import type { JobParameter } from "./catalog";
import { type FinishedRun, finishRun, type RunEnd } from "./finish-run";

export const RUN_INTERRUPTED = msg("jobs.run_interrupted");
const NOT_PREPARED = msg("jobs.run_not_prepared");

export type RunJobResult = { status: RunEnd["status"]; retry: FinishedRun["retry"] } | null;

/**
 * Runs one attempt of a written run (called once by the run function: an attempt is not idempotent;
 * retries are runs of their own). `limitMs` shortens the version's timeout (a flow's job node: its
 * node policy's and the flow's limits). Claims it (`pending` → `running`, naming this server), calls out
 * (./call), keeps a heartbeat while it does, stores shell output as it comes, and records the end
 * (./finish-run.ts). Null when there was nothing to do: cancelled before it started, already ended,
 * or still run by a live runner elsewhere.
 *
 * Found `running` with no live runner (its server stopped mid-call, and the step is delivered again),
 * the call is not made again behind anyone's back: the run is closed as failed, interrupted, and
 * its retry policy applies as to any failure.
 */
export async function runJob(input: { tenantId: string; runId: string; limitMs?: number }): Promise<RunJobResult> {
  const ctx = { tenantId: input.tenantId, userId: null };
  const claim = await withTenant(ctx, async (tx) => {
    // One statement: the claim, and the version it runs (a thousand runs start in a minute).
    const [run] = await tx
      .update(jobRuns)
      .set({ status: "running", startedAt: clock.date(), heartbeatAt: sql`now()`, runner: thisRunner() })
      .where(and(eq(jobRuns.id, input.runId), eq(jobRuns.status, "pending"), eq(jobRuns.buffered, false)))
      .returning({ id: jobRuns.id, jobId: jobRuns.jobId, params: jobRuns.params, version: versionOfRun });
    if (!run) {
      const [current] = await tx.select().from(jobRuns).where(eq(jobRuns.id, input.runId));
      return { run: null, current: current ?? null } as const;
    }
    const { version } = run;
    if (!version) throw new Error(`run ${run.id} names no version`);
    // A cron fire or a retry carries no values of its own: each parameter takes its default (a
    // manual run's were filled in by requestRun), and the run records what it ran with.
    const params = withDefaults(version.parameters, run.params);
    if (Object.keys(params).length !== Object.keys(run.params).length)
      await tx.update(jobRuns).set({ params }).where(eq(jobRuns.id, run.id));
    run.params = params;
    const config = version.config;
    const [source] =
      config.type === "sql" ? await tx.select().from(datasources).where(eq(datasources.id, config.datasourceId)) : [];
    return { run, version, source: source ?? null, current: null } as const;
  });
  if (!claim.run) {
    const current = claim.current;
    if (current?.status !== "running" || hasLiveRunner(current)) return null;
    return end(input, { status: "failed", error: RUN_INTERRUPTED });
  }
  const { run, version, source } = claim;

  let secrets: Record<string, string>;
  let datasource: { url: string; readOnly: boolean } | null = null;
  try {
    secrets = version.secrets ? JSON.parse(decryptSecret(version.secrets)) : {};
    if (version.config.type === "sql") {
      if (!source) return end(input, { status: "failed", error: msg("jobs.datasource_not_found") });
      datasource = { url: decryptSecret(source.url), readOnly: source.readOnly };
    }
  } catch (error) {
    console.error(`[jobs] run ${run.id} could not be prepared`, (error as Error).message);
    return end(input, { status: "failed", error: NOT_PREPARED });
  }

  let pgid: number | null = null;
  let closedElsewhere = false;
  let stopHere = false;
  const beat = async () => {
    const rows = await withTenant(ctx, (tx) =>
      tx
        .update(jobRuns)
        .set({ heartbeatAt: sql`now()`, ...(pgid ? { pgid } : {}) })
        .where(and(eq(jobRuns.id, run.id), eq(jobRuns.status, "running")))
        .returning({ id: jobRuns.id }),
    );
    if (rows.length === 0) closedElsewhere = true;
  };
  const heartbeat = setInterval(() => beat().catch(() => {}), HEARTBEAT_MS);
  activeRuns.add(run.id, {
    stop: () => {
      stopHere = true;
    },
  });
  try {
    const outcome = await callJob({
      runId: run.id,
      tenantId: input.tenantId,
      config: version.config,
      params: run.params,
      secrets,
      datasource,
      timeoutMs: Math.min(version.timeoutMs, input.limitMs ?? Number.POSITIVE_INFINITY),
      onSpawn: (pid) => {
        pgid = pid;
        beat().catch(() => {});
      },
      onOutput: async (lines, firstSeq) => {
        const rows = lines.map((l, i) => ({ runId: run.id, seq: firstSeq + i, stream: l.stream, line: l.line }));
        await withTenant(ctx, (tx) => tx.insert(jobRunOutput).values(rows).onConflictDoNothing());
      },
      shouldCancel: async () => {
        if (closedElsewhere || stopHere) return true;
        const rows = await withTenant(ctx, (tx) =>
          tx
            .select({ id: jobRuns.id })
            .from(jobRuns)
            .where(and(eq(jobRuns.id, run.id), isNotNull(jobRuns.cancelRequestedAt))),
        );
        return rows.length > 0;
      },
    });
    return await end(input, { status: outcome.status, result: outcome.result, error: outcome.error });
  } finally {
    clearInterval(heartbeat);
    activeRuns.delete(run.id);
  }
}

/** What a run needs of the version it names, read with its claim. */
type RunVersion = Pick<typeof jobVersions.$inferSelect, "config" | "parameters" | "secrets" | "timeoutMs">;
// Spelled out: drizzle leaves the updated table's own columns unqualified, which the subquery would read as its own.
const versionOfRun = sql<RunVersion | null>`(select json_build_object('config', v.config, 'parameters', v.parameters,
  'secrets', v.secrets, 'timeoutMs', v.timeout_ms) from ${jobVersions} v
  where v.job_id = "job_runs"."job_id" and v.version = "job_runs"."version")`;

/** The run's values, each declared parameter it lacks at its default. */
export function withDefaults(declared: readonly JobParameter[], given: Record<string, string>): Record<string, string> {
  return { ...Object.fromEntries(declared.map((p) => [p.name, p.default])), ...given };
}

/** Records an end (retried through a database blip; the run function fails if the database stays away). */
async function end(input: { tenantId: string; runId: string }, e: RunEnd): Promise<RunJobResult> {
  const ctx = { tenantId: input.tenantId, userId: null };
  const done = await retrying(() => withTenant(ctx, (tx) => finishRun(tx, input.runId, e)));
  if (!done) return null;
  dispatch(done.outbox);
  return { status: e.status, retry: done.retry };
}

/** Closes a run whose function failed for an infrastructure reason (its onFailure), so it never stays "running". */
export async function failRun(input: { tenantId: string; runId: string }, error: unknown): Promise<void> {
  console.error(`[jobs] run ${input.runId} failed outside its call`, (error as Error)?.message);
  await end(input, { status: "failed", error: RUN_INTERRUPTED });
}
