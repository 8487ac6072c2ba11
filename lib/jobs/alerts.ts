import "server-only";
import { and, desc, eq, inArray, ne, sql } from "drizzle-orm";
import { jobRuns, jobs } from "@/db/schema";
import type { Tx } from "@/db/tenant";
import type { AppEvent } from "@/lib/events/registry";
import { type Alert, MAX_ALERT_STREAK, planAlerts } from "./alert-plan";
import type { JobAlerts, RunStatus } from "./catalog";

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

/** The job's alerts, as a column of a statement on its runs (the run's end reads them with its update). */
export const alertsOfRunJob = sql<JobAlerts>`(select j.alerts from ${jobs} j where j.id = "job_runs"."job_id")`;

/**
 * The alert events of a run that just ended (`planAlerts`, lib/jobs/alert-plan.ts) under the job's
 * `alerts`, given the job's final runs written before this one, read through the caller's tenant
 * transaction, newest first (ended as success, failed or timeout, and not superseded by a retry;
 * not read when no alert is on). For the caller to enqueue in the same transaction as the run's end.
 */
export async function alertEventsAfter(
  tx: Tx,
  run: { id: string; tenantId: string; jobId: string; status: RunStatus; retryPending: boolean },
  alerts: JobAlerts,
): Promise<AppEvent[]> {
  if (run.retryPending || !["success", "failed", "timeout"].includes(run.status)) return [];
  if (!alerts.onFailure && !alerts.onTimeout && !alerts.onRecovery && alerts.consecutive <= 0) return [];
  const previous = await tx
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
    .limit(MAX_ALERT_STREAK + 1);
  const data = { tenantId: run.tenantId, jobId: run.jobId, runId: run.id };
  return planAlerts(alerts, run, previous).map((alert) => eventOf(alert, data));
}
