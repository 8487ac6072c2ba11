import "server-only";
import { and, asc, desc, eq, lt } from "drizzle-orm";
import { inngestRuns, inngestSteps } from "@/db/schema/inngest";
import type { Tx } from "@/db/tenant";

/**
 * Background function runs of the embedded executor, as the tenant sees them. Call inside
 * `withTenant`: row-level security shows only the tenant's runs and steps (runs whose event carried
 * its `tenantId`).
 */

export type RunStatusFilter = "queued" | "running" | "sleeping" | "waiting" | "completed" | "failed" | "cancelled";

export async function listRuns(tx: Tx, params: { status?: RunStatusFilter; before?: string; limit?: number } = {}) {
  const limit = Math.min(params.limit ?? 50, 200);
  const rows = await tx
    .select({
      id: inngestRuns.id,
      functionId: inngestRuns.functionId,
      functionName: inngestRuns.functionName,
      status: inngestRuns.status,
      eventName: inngestRuns.eventName,
      attempt: inngestRuns.attempt,
      createdAt: inngestRuns.createdAt,
      startedAt: inngestRuns.startedAt,
      endedAt: inngestRuns.endedAt,
      rerunOf: inngestRuns.rerunOf,
    })
    .from(inngestRuns)
    .where(
      and(
        params.status ? eq(inngestRuns.status, params.status) : undefined,
        params.before ? lt(inngestRuns.id, params.before) : undefined,
      ),
    )
    .orderBy(desc(inngestRuns.id))
    .limit(limit + 1);
  return { runs: rows.slice(0, limit), next: rows.length > limit ? (rows[limit - 1]?.id ?? null) : null };
}

export async function getRun(tx: Tx, params: { runId: string }) {
  const [run] = await tx.select().from(inngestRuns).where(eq(inngestRuns.id, params.runId));
  if (!run) return null;
  const steps = await tx
    .select()
    .from(inngestSteps)
    .where(eq(inngestSteps.runId, run.id))
    .orderBy(asc(inngestSteps.startedAt), asc(inngestSteps.seq));
  return { run, steps };
}

export type RunList = Awaited<ReturnType<typeof listRuns>>;
export type RunDetail = NonNullable<Awaited<ReturnType<typeof getRun>>>;
