import "server-only";
import { and, desc, eq, inArray, ne, sql } from "drizzle-orm";
import { jobRuns, jobs } from "@/db/schema";
import type { Tx } from "@/db/tenant";
import type { AppEvent } from "@/lib/events/registry";
import { type Alert, MAX_ALERT_STREAK, planAlerts } from "./alert-plan";
import type { RunStatus } from "./catalog";

const eventOf = (alert: Alert, data: { tenantId: string; jobId: string; runId: string }): AppEvent => {
  switch (alert.kind) {
    case "failed":
      return { name: "job/run.failed", data };
    case "timed-out":
      return { name: "job/run.timed-out", data };
    case "failing":
      return { name: "job/run.failing", data: { ...data, failures: alert.failures } };
    case "recovered":
      return { name: "job/run.recovered", data };
  }
};

/**
 * The alert events of a run that just ended (`planAlerts`, lib/jobs/alert-plan.ts), read through
 * the caller's tenant transaction: the job's alerts, and its final runs written before this one,
 * newest first (ended as success, failed or timeout, and not superseded by a retry). For the caller
 * to enqueue in the same transaction as the run's end.
 */
export async function alertEventsAfter(
  tx: Tx,
  run: { id: string; jobId: string; status: RunStatus; retryPending: boolean },
): Promise<AppEvent[]> {
  if (run.retryPending || !["success", "failed", "timeout"].includes(run.status)) return [];
  // Independent reads, issued back to back.
  const jobRow = tx
    .select({ tenantId: jobs.tenantId, alerts: jobs.alerts })
    .from(jobs)
    .where(eq(jobs.id, run.jobId))
    .execute();
  const earlier = tx
    .select({ status: jobRuns.status })
    .from(jobRuns)
    .where(
      and(
        eq(jobRuns.jobId, run.jobId),
        ne(jobRuns.id, run.id),
        inArray(jobRuns.status, ["success", "failed", "timeout"]),
        // Spelled out: drizzle leaves a single-table query's own columns unqualified, which the
        // subqueries would read as their own. Written before this run, in the order of the job's
        // runs index (created_at, id); and no retry of it was written.
        sql`("job_runs"."created_at", "job_runs"."id") < (select r.created_at, r.id from job_runs r where r.id = ${run.id})`,
        sql`not exists (select 1 from job_runs r where r.retry_of = "job_runs"."id")`,
      ),
    )
    .orderBy(desc(jobRuns.createdAt), desc(jobRuns.id))
    .limit(MAX_ALERT_STREAK + 1)
    .execute();
  const [[job], previous] = await Promise.all([jobRow, earlier]);
  if (!job) return [];
  const data = { tenantId: job.tenantId, jobId: run.jobId, runId: run.id };
  return planAlerts(job.alerts, run, previous).map((alert) => eventOf(alert, data));
}
