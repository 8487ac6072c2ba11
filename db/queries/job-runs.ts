import "server-only";
import { and, asc, count, desc, eq, gt, gte, inArray, sql } from "drizzle-orm";
import { jobRunOutput, jobRuns, jobs } from "@/db/schema";
import type { Tx } from "@/db/tenant";
import { dayOf } from "@/lib/format";

/**
 * Reads of one job run (its page and its output route) and the figures the jobs pages draw: the
 * recent outcomes per job, and a job's success rate per day and duration percentiles. The run
 * history itself is db/queries/jobs.ts `listRuns`.
 */

/** Statuses a run ends with after it ran (skipped fires never ran; pending and running have not ended). */
export const RAN_STATUSES = ["success", "failed", "timeout", "cancelled"] as const;
/** The outcomes a success rate counts: a cancelled run is neither a success nor a failure. */
const RATED = ["success", "failed", "timeout"] as const;

/** One run with its job's name and type, the run it retries and the run that retried it; null when not the tenant's. */
export async function getRun(tx: Tx, runId: string) {
  const [rows, retries] = await Promise.all([
    tx
      .select({ run: jobRuns, job: { id: jobs.id, name: jobs.name, type: jobs.type, enabled: jobs.enabled } })
      .from(jobRuns)
      .innerJoin(jobs, eq(jobs.id, jobRuns.jobId))
      .where(eq(jobRuns.id, runId))
      .execute(),
    tx
      .select({ id: jobRuns.id, attempt: jobRuns.attempt, status: jobRuns.status })
      .from(jobRuns)
      .where(eq(jobRuns.retryOf, runId))
      .orderBy(asc(jobRuns.createdAt), asc(jobRuns.id))
      .execute(),
  ]);
  const [row] = rows;
  if (!row) return null;
  return { ...row, retriedBy: retries[0] ?? null };
}
export type RunDetail = NonNullable<Awaited<ReturnType<typeof getRun>>>;

/** A shell run's output lines after `afterSeq`, in order (the output route pages through them). */
export function runOutput(tx: Tx, runId: string, afterSeq: number, limit = 2000) {
  return tx
    .select({ seq: jobRunOutput.seq, stream: jobRunOutput.stream, line: jobRunOutput.line })
    .from(jobRunOutput)
    .where(and(eq(jobRunOutput.runId, runId), gt(jobRunOutput.seq, afterSeq)))
    .orderBy(asc(jobRunOutput.seq))
    .limit(limit);
}

/** How many runs a job has (skipped fires included): the history's total. */
export async function countRuns(tx: Tx, jobId: string): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(jobRuns).where(eq(jobRuns.jobId, jobId));
  return row?.n ?? 0;
}

export type RecentRun = { status: (typeof RAN_STATUSES)[number] | "pending" | "running"; durationMs: number | null };

/**
 * Per job, its last `limit` runs that ran or run (skipped fires left out), oldest first: the jobs
 * list draws them as a strip and takes the last one as the job's last run.
 */
export async function recentRuns(tx: Tx, jobIds: string[], limit = 20): Promise<Map<string, RecentRun[]>> {
  const out = new Map<string, RecentRun[]>(jobIds.map((id) => [id, []]));
  if (jobIds.length === 0) return out;
  const ranked = tx
    .select({
      jobId: jobRuns.jobId,
      status: jobRuns.status,
      durationMs: jobRuns.durationMs,
      createdAt: jobRuns.createdAt,
      id: jobRuns.id,
      n: sql<number>`row_number() over (partition by ${jobRuns.jobId} order by ${jobRuns.createdAt} desc, ${jobRuns.id} desc)`.as(
        "n",
      ),
    })
    .from(jobRuns)
    .where(and(inArray(jobRuns.jobId, jobIds), sql`${jobRuns.status} <> 'skipped'`))
    .as("ranked");
  const rows = await tx
    .select({ jobId: ranked.jobId, status: ranked.status, durationMs: ranked.durationMs })
    .from(ranked)
    .where(sql`${ranked.n} <= ${limit}`)
    .orderBy(asc(ranked.jobId), asc(ranked.createdAt), asc(ranked.id));
  for (const r of rows) out.get(r.jobId)?.push({ status: r.status as RecentRun["status"], durationMs: r.durationMs });
  return out;
}

export type DayRate = { day: string; rated: number; succeeded: number; rate: number | null };
export type RunStats = {
  /** Runs the percentiles and the rate are taken over (ended success, failed or timeout, the last `window`). */
  rated: number;
  succeeded: number;
  /** succeeded / rated, 0–1; null with no rated run. */
  rate: number | null;
  /** Duration percentiles (nearest rank: a duration a run actually took), ms; null with no run. */
  p50: number | null;
  p95: number | null;
  /** The last `days` days in `timeZone`, oldest first, each with its rate (null: no rated run that day). */
  daily: DayRate[];
};

/**
 * A job's figures: the success rate and the duration p50/p95 of its last `window` rated runs, and
 * the success rate per day over the last `days` days (the days as `timeZone` has them).
 */
export async function runStats(
  tx: Tx,
  jobId: string,
  opts: { timeZone: string; now?: Date; days?: number; window?: number },
): Promise<RunStats> {
  const now = opts.now ?? new Date();
  const days = opts.days ?? 14;
  const window = opts.window ?? 100;
  const rated = and(eq(jobRuns.jobId, jobId), inArray(jobRuns.status, [...RATED]));
  const last = tx
    .select({ status: jobRuns.status, durationMs: jobRuns.durationMs })
    .from(jobRuns)
    .where(rated)
    .orderBy(desc(jobRuns.createdAt), desc(jobRuns.id))
    .limit(window)
    .as("last");
  const dayExpr = sql<string>`to_char(${jobRuns.createdAt} at time zone ${opts.timeZone}, 'YYYY-MM-DD')`;
  const since = new Date(now.getTime() - (days + 1) * 86_400_000);
  const [[totals], perDay] = await Promise.all([
    tx
      .select({
        rated: count(),
        succeeded: sql<number>`count(*) filter (where ${last.status} = 'success')`.mapWith(Number),
        p50: sql<number | null>`percentile_disc(0.5) within group (order by ${last.durationMs})`,
        p95: sql<number | null>`percentile_disc(0.95) within group (order by ${last.durationMs})`,
      })
      .from(last)
      .execute(),
    tx
      .select({
        day: dayExpr,
        rated: count(),
        succeeded: sql<number>`count(*) filter (where ${jobRuns.status} = 'success')`.mapWith(Number),
      })
      .from(jobRuns)
      .where(and(rated, gte(jobRuns.createdAt, since)))
      .groupBy(sql`1`)
      .execute(),
  ]);
  const byDay = new Map(perDay.map((d) => [d.day, d]));
  const daily: DayRate[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const day = dayOf(new Date(now.getTime() - i * 86_400_000), opts.timeZone);
    const d = byDay.get(day);
    daily.push({
      day,
      rated: d?.rated ?? 0,
      succeeded: d?.succeeded ?? 0,
      rate: d?.rated ? d.succeeded / d.rated : null,
    });
  }
  const n = totals?.rated ?? 0;
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    rated: n,
    succeeded: totals?.succeeded ?? 0,
    rate: n ? (totals?.succeeded ?? 0) / n : null,
    p50: num(totals?.p50),
    p95: num(totals?.p95),
    daily,
  };
}
