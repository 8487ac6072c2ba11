import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { jobRuns, jobSchedules, jobVersions } from "@/db/schema";
import type { Tx } from "@/db/tenant";
import { clock } from "@/lib/clock";
import { enqueue, type Outbox } from "@/lib/events/publish";
import type { AppEvent } from "@/lib/events/registry";
import { alertEventsAfter, alertsOfRunJob } from "./alerts";
import type { JobRetries } from "./catalog";

export type RunEnd = {
  status: "success" | "failed" | "timeout" | "cancelled";
  result?: unknown;
  error?: string | null;
};

export type FinishedRun = {
  /** The end's events: alerts, a released buffered run, and a retry's `job/run.requested`. */
  outbox: Outbox;
  /** The retry written behind a failed attempt, due `delayMs` from now. */
  retry: { runId: string; delayMs: number } | null;
};

/** The wait before attempt `attempt + 1`: the base interval, doubled per attempt when exponential (capped at a day). */
export function retryDelayMs(retries: JobRetries, attempt: number): number {
  const factor = retries.interval === "exponential" ? 2 ** Math.max(0, attempt - 1) : 1;
  return Math.min(86_400_000, retries.baseMs * factor);
}

/**
 * Records a run's end, once (only a run still `running` is ended; null otherwise), in the caller's
 * tenant transaction, with what follows from it:
 * - a failed or timed-out attempt with retries left (not a flow's job node: the node's policy retries
 *   it) writes its retry: a `pending` run with trigger
 *   `retry`, `retry_of` this one and the next attempt number (the same version and parameters),
 *   created as of the end of its interval (when it is due: the reconciler counts a pending run's
 *   age from then), and its `job/run.requested` with that time as `notBefore`, in this transaction;
 * - the job's alerts (lib/jobs/alerts.ts) for this end;
 * - a run buffered behind this one on its schedule (overlap buffer one) is released: its event goes out.
 */
export async function finishRun(tx: Tx, runId: string, end: RunEnd): Promise<FinishedRun | null> {
  const now = clock.date();
  const [run] = await tx
    .update(jobRuns)
    .set({
      status: end.status,
      finishedAt: now,
      durationMs: sql`greatest(0, round(extract(epoch from (${now.toISOString()}::timestamptz - coalesce(${jobRuns.startedAt}, ${now.toISOString()}::timestamptz))) * 1000))::int`,
      result: end.result ?? null,
      error: end.error ?? null,
    })
    .where(and(eq(jobRuns.id, runId), eq(jobRuns.status, "running")))
    .returning({
      id: jobRuns.id,
      tenantId: jobRuns.tenantId,
      jobId: jobRuns.jobId,
      version: jobRuns.version,
      attempt: jobRuns.attempt,
      triggerType: jobRuns.triggerType,
      scheduleId: jobRuns.scheduleId,
      params: jobRuns.params,
      createdBy: jobRuns.createdBy,
      // Read with the update (one statement for the common end): the job's alerts, and whether
      // a run waits buffered behind this one.
      alerts: alertsOfRunJob,
      buffered: sql<boolean>`exists (select 1 from ${jobRuns} b where b.schedule_id = "job_runs"."schedule_id"
        and b.status = 'pending' and b.buffered)`,
    });
  if (!run) return null;

  const events: AppEvent[] = [];
  let retry: FinishedRun["retry"] = null;
  // A flow's job node is retried by the node's policy (lib/flows), not by the job's own.
  if ((end.status === "failed" || end.status === "timeout") && run.triggerType !== "flow") {
    const [version] = await tx
      .select({ retries: jobVersions.retries })
      .from(jobVersions)
      .where(and(eq(jobVersions.jobId, run.jobId), eq(jobVersions.version, run.version)));
    if (version && run.attempt <= version.retries.count) {
      const delayMs = retryDelayMs(version.retries, run.attempt);
      const due = new Date(now.getTime() + delayMs);
      const [next] = await tx
        .insert(jobRuns)
        .values({
          jobId: run.jobId,
          version: run.version,
          scheduleId: run.scheduleId,
          triggerType: "retry",
          retryOf: run.id,
          attempt: run.attempt + 1,
          params: run.params,
          createdAt: due,
          createdBy: run.createdBy,
        })
        .returning({ id: jobRuns.id });
      if (next) {
        retry = { runId: next.id, delayMs };
        events.push({
          id: next.id,
          name: "job/run.requested",
          data: { tenantId: run.tenantId, jobId: run.jobId, runId: next.id, notBefore: due.toISOString() },
        });
      }
    }
  }
  events.push(...(await alertEventsAfter(tx, { ...run, status: end.status, retryPending: !!retry }, run.alerts)));
  if (run.scheduleId && run.buffered) events.push(...(await releaseBuffered(tx, run.scheduleId)));
  return { outbox: await enqueue(tx, run.tenantId, events), retry };
}

/**
 * Starts the run buffered behind the schedule's runs, when none of them is left running or about to
 * run (a retry waiting counts as about to run). Also called by the reconciler, for a buffered run
 * whose predecessor ended without saying so.
 */
export async function releaseBuffered(tx: Tx, scheduleId: string): Promise<AppEvent[]> {
  const waiting = and(eq(jobRuns.scheduleId, scheduleId), eq(jobRuns.status, "pending"), eq(jobRuns.buffered, true));
  if ((await tx.select({ id: jobRuns.id }).from(jobRuns).where(waiting).limit(1)).length === 0) return [];
  // The schedule's row is the lock (the tick holds it while it writes fires): run rows are not
  // locked here, so runs of one schedule ending together cannot deadlock on each other's rows.
  await tx.select({ id: jobSchedules.id }).from(jobSchedules).where(eq(jobSchedules.id, scheduleId)).for("update");
  const active = await tx
    .select({ id: jobRuns.id, buffered: jobRuns.buffered, jobId: jobRuns.jobId, tenantId: jobRuns.tenantId })
    .from(jobRuns)
    .where(and(eq(jobRuns.scheduleId, scheduleId), inArray(jobRuns.status, ["pending", "running"])))
    .orderBy(asc(jobRuns.createdAt), asc(jobRuns.fireAt));
  if (active.some((r) => !r.buffered)) return [];
  const next = active[0];
  if (!next) return [];
  await tx.update(jobRuns).set({ buffered: false }).where(eq(jobRuns.id, next.id));
  return [
    { id: next.id, name: "job/run.requested", data: { tenantId: next.tenantId, jobId: next.jobId, runId: next.id } },
  ];
}
