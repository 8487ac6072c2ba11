import "server-only";
import { and, asc, count, desc, eq, ilike, lt, or, type SQL } from "drizzle-orm";
import { inngestRuns, inngestSteps } from "@/db/schema/inngest";
import type { Tx } from "@/db/tenant";
import { contains } from "./_search";

/**
 * Background function runs of the embedded executor, as the tenant sees them. Call inside
 * `withTenant`: row-level security shows only the tenant's runs and steps (runs whose event carried
 * its `tenantId`).
 */

export type RunStatusFilter = "queued" | "running" | "sleeping" | "waiting" | "completed" | "failed" | "cancelled";

export type RunsFilter = { status?: RunStatusFilter; q?: string };

/** Runs matching the filter: a status, and a search over the function's name and id, the event and the run id. */
function runsWhere(filter: RunsFilter): SQL | undefined {
  const q = filter.q ? contains(filter.q) : null;
  return and(
    filter.status ? eq(inngestRuns.status, filter.status) : undefined,
    q
      ? or(
          ilike(inngestRuns.functionName, q),
          ilike(inngestRuns.functionId, q),
          ilike(inngestRuns.eventName, q),
          ilike(inngestRuns.id, q),
        )
      : undefined,
  );
}

export async function countRuns(tx: Tx, filter: RunsFilter = {}): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(inngestRuns).where(runsWhere(filter));
  return Number(row?.n ?? 0);
}

export async function listRuns(tx: Tx, params: RunsFilter & { before?: string; limit?: number } = {}) {
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
    .where(and(runsWhere(params), params.before ? lt(inngestRuns.id, params.before) : undefined))
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
