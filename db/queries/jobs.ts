import "server-only";
import { and, asc, desc, eq, ilike, or, sql } from "drizzle-orm";
import { datasources, jobRuns, jobSchedules, jobs, jobVersions } from "@/db/schema";
import type { Tx } from "@/db/tenant";
import { after, type Cursor, PAGE_SIZE } from "./_keyset";
import { contains } from "./_search";

/**
 * Reads of jobs, their versions, schedules and runs, and the datasources. No shape here carries a
 * secret: versions give their secrets' names, datasources their masked address, never the URL.
 */

/** The tenant's jobs by name; `q` matches the name or description anywhere. */
export function listJobs(tx: Tx, opts: { q?: string } = {}) {
  return tx
    .select({
      id: jobs.id,
      name: jobs.name,
      description: jobs.description,
      type: jobs.type,
      enabled: jobs.enabled,
      currentVersion: jobs.currentVersion,
      alerts: jobs.alerts,
      updatedAt: jobs.updatedAt,
      /** The soonest fire of its armed schedules (enabled, not paused); null: none. */
      // Spelled out: drizzle leaves a single-table query's own columns unqualified, which the
      // subquery would read as its own.
      nextFireAt: sql<Date | null>`(select min(s.next_fire_at) from job_schedules s
        where s.job_id = "jobs"."id" and s.enabled and not s.paused)`.mapWith(jobSchedules.nextFireAt),
    })
    .from(jobs)
    .where(opts.q ? or(ilike(jobs.name, contains(opts.q)), ilike(jobs.description, contains(opts.q))) : undefined)
    .orderBy(asc(jobs.name), asc(jobs.id));
}
export type JobListItem = Awaited<ReturnType<typeof listJobs>>[number];

const versionShape = {
  id: jobVersions.id,
  version: jobVersions.version,
  config: jobVersions.config,
  retries: jobVersions.retries,
  timeoutMs: jobVersions.timeoutMs,
  parameters: jobVersions.parameters,
  secretNames: jobVersions.secretNames,
  createdAt: jobVersions.createdAt,
  createdBy: jobVersions.createdBy,
};

/**
 * A job with its versions (newest first) and schedules, its alerts (on the job, not versioned) and
 * the current version's parameters (what "Run now" asks for); null when it is not the tenant's.
 */
export async function getJob(tx: Tx, id: string) {
  const [jobRows, versions, schedules] = await Promise.all([
    tx.select().from(jobs).where(eq(jobs.id, id)).execute(),
    tx
      .select(versionShape)
      .from(jobVersions)
      .where(eq(jobVersions.jobId, id))
      .orderBy(desc(jobVersions.version))
      .execute(),
    tx
      .select()
      .from(jobSchedules)
      .where(eq(jobSchedules.jobId, id))
      .orderBy(asc(jobSchedules.createdAt), asc(jobSchedules.id))
      .execute(),
  ]);
  const [job] = jobRows;
  if (!job) return null;
  const parameters = versions.find((v) => v.version === job.currentVersion)?.parameters ?? [];
  return { job, versions, schedules, alerts: job.alerts, parameters };
}
export type JobDetail = NonNullable<Awaited<ReturnType<typeof getJob>>>;

/** The tenant's datasources: the masked address only, never the URL. */
export function listDatasources(tx: Tx) {
  return tx
    .select({
      id: datasources.id,
      name: datasources.name,
      kind: datasources.kind,
      address: datasources.address,
      readOnly: datasources.readOnly,
      createdAt: datasources.createdAt,
      updatedAt: datasources.updatedAt,
    })
    .from(datasources)
    .orderBy(asc(datasources.name), asc(datasources.id));
}
export type DatasourceListItem = Awaited<ReturnType<typeof listDatasources>>[number];

/** A job's runs, newest first, one page (keyset on created_at, id). */
export function listRuns(tx: Tx, jobId: string, opts: { before?: Cursor } = {}) {
  return tx
    .select()
    .from(jobRuns)
    .where(and(eq(jobRuns.jobId, jobId), after(jobRuns.createdAt, jobRuns.id, opts.before)))
    .orderBy(desc(jobRuns.createdAt), desc(jobRuns.id))
    .limit(PAGE_SIZE);
}
export type JobRunItem = Awaited<ReturnType<typeof listRuns>>[number];
