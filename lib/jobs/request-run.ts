import "server-only";
import { and, eq } from "drizzle-orm";
import { jobRuns, jobs, jobVersions } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { clock } from "@/lib/clock";
import { SafeError } from "@/lib/errors";
import { dispatch, enqueue } from "@/lib/events/publish";
import { type Actor, requirePermission } from "@/lib/tenants/actor";
import type { JobParameter } from "./catalog";

/**
 * The values a run gets: each declared parameter's given value, else its default. A name the job
 * does not declare is refused (a typo would otherwise run with the default, silently).
 */
export function runParams(declared: readonly JobParameter[], given: Record<string, string>): Record<string, string> {
  const names = new Set(declared.map((p) => p.name));
  const unknown = Object.keys(given).find((name) => !names.has(name));
  if (unknown) throw new SafeError("jobs.unknown_parameter", { params: { name: unknown } });
  return Object.fromEntries(declared.map((p) => [p.name, given[p.name] ?? p.default]));
}

/**
 * "Run now": a manual run of the job's current version with these parameters, executed by the run
 * function (`job/run.requested`, its id the run's). A disabled job does not run.
 */
export async function requestRun(
  actor: Actor,
  input: { jobId: string; params: Record<string, string> },
): Promise<{ runId: string }> {
  requirePermission(actor, "jobs.run");
  const { runId, outbox } = await withTenant(actor, async (tx) => {
    const [job] = await tx.select().from(jobs).where(eq(jobs.id, input.jobId));
    if (!job) throw new SafeError("jobs.job_not_found");
    if (!job.enabled) throw new SafeError("jobs.job_disabled");
    const [version] = await tx
      .select({ parameters: jobVersions.parameters })
      .from(jobVersions)
      .where(and(eq(jobVersions.jobId, job.id), eq(jobVersions.version, job.currentVersion)));
    const params = runParams(version?.parameters ?? [], input.params);
    const [run] = await tx
      .insert(jobRuns)
      .values({
        jobId: job.id,
        version: job.currentVersion,
        triggerType: "manual",
        params,
        createdAt: clock.date(),
        createdBy: actor.userId,
      })
      .returning({ id: jobRuns.id });
    if (!run) throw new Error("run insert returned nothing");
    await audit(tx, {
      action: "job.run",
      targetType: "job",
      targetId: job.id,
      after: { runId: run.id, version: job.currentVersion, params: Object.keys(params) },
    });
    const outbox = await enqueue(tx, actor.tenantId, [
      { id: run.id, name: "job/run.requested", data: { tenantId: actor.tenantId, jobId: job.id, runId: run.id } },
    ]);
    return { runId: run.id, outbox };
  });
  dispatch(outbox);
  return { runId };
}
