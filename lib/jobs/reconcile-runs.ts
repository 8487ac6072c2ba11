import "server-only";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { database } from "@/db/client";
import { jobRuns, jobSchedules } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { clock } from "@/lib/clock";
import { dispatch, enqueue } from "@/lib/events/publish";
import { msg } from "@/lib/i18n/message";
import { stopExecutionProcesses } from "@/lib/work-orders/execution-processes";
import { hasLiveRunner } from "@/lib/work-orders/run-execution";
import { finishRun, releaseBuffered } from "./finish-run";
import { nextFireAt } from "./next-fire";
import { RUN_INTERRUPTED } from "./run-job";

/** A pending run nobody started after this long is closed (its event or its function was lost). */
export const PENDING_TOO_LONG_MS = 15 * 60_000;
const NEVER_STARTED = msg("jobs.run_never_started");

export type ReconcileResult = { rearmed: number; closed: number; released: number };

/**
 * The scheduler's reconciler, in the same minute tick as the claim (Windmill #10168: a schedule left
 * enabled with nothing queued after a database error). On the owner connection it finds, across
 * tenants, what breaks the invariants, then repairs each through its tenant's door:
 * - an enabled schedule without `next_fire_at` is armed again from now, and `job/schedule.rearmed`
 *   goes out (an alert to the job's channels: something cleared it, and fires may have been lost);
 * - a running run with no live runner (its server died) is closed as failed, interrupted, and its
 *   retry policy applies; its processes left on this host are stopped first;
 * - a pending run nobody started for `PENDING_TOO_LONG_MS` is closed as failed (a retry waiting its
 *   interval is created when its wait is over, so it is never that old);
 * - a buffered run whose schedule has nothing else active is released.
 */
export async function reconcileRuns(opts: { now?: Date; tenantIds?: string[] } = {}): Promise<ReconcileResult> {
  const now = opts.now ?? clock.date();
  const { db } = await database();
  const scoped = <T>(col: T) => (opts.tenantIds ? inArray(col as never, opts.tenantIds) : undefined);
  const result: ReconcileResult = { rearmed: 0, closed: 0, released: 0 };

  const unarmed = await db
    .select({ id: jobSchedules.id, tenantId: jobSchedules.tenantId })
    .from(jobSchedules)
    .where(and(eq(jobSchedules.enabled, true), isNull(jobSchedules.nextFireAt), scoped(jobSchedules.tenantId)))
    .limit(1000);
  for (const s of unarmed)
    await repair(`re-arm schedule ${s.id}`, async () => {
      const outbox = await withTenant({ tenantId: s.tenantId, userId: null }, async (tx) => {
        const [row] = await tx.select().from(jobSchedules).where(eq(jobSchedules.id, s.id)).for("update");
        if (!row?.enabled || row.nextFireAt) return null;
        const next = nextFireAt(row, now);
        await tx.update(jobSchedules).set({ nextFireAt: next }).where(eq(jobSchedules.id, row.id));
        console.warn(
          `[jobs] schedule ${row.id} was enabled without a next fire; armed again for ${next?.toISOString()}`,
        );
        return enqueue(tx, s.tenantId, [
          { name: "job/schedule.rearmed", data: { tenantId: s.tenantId, jobId: row.jobId, scheduleId: row.id } },
        ]);
      });
      if (outbox) {
        dispatch(outbox);
        result.rearmed++;
      }
    });

  const open = await db
    .select()
    .from(jobRuns)
    .where(and(inArray(jobRuns.status, ["pending", "running"]), scoped(jobRuns.tenantId)))
    .orderBy(jobRuns.createdAt)
    .limit(1000);
  const releasing = new Map<string, string>();
  for (const run of open) {
    const ctx = { tenantId: run.tenantId, userId: null };
    if (run.status === "running" && !hasLiveRunner(run)) {
      await repair(`close run ${run.id}`, async () => {
        await stopExecutionProcesses(run.id, run);
        const done = await withTenant(ctx, (tx) => finishRun(tx, run.id, { status: "failed", error: RUN_INTERRUPTED }));
        if (!done) return;
        dispatch(done.outbox);
        result.closed++;
      });
    } else if (
      run.status === "pending" &&
      !run.buffered &&
      run.createdAt.getTime() < now.getTime() - PENDING_TOO_LONG_MS
    ) {
      await repair(`close run ${run.id}`, async () => {
        const closed = await withTenant(ctx, async (tx) => {
          const [row] = await tx
            .update(jobRuns)
            .set({ status: "failed", error: NEVER_STARTED, finishedAt: now })
            .where(and(eq(jobRuns.id, run.id), eq(jobRuns.status, "pending"), eq(jobRuns.buffered, false)))
            .returning({ id: jobRuns.id });
          return row && run.scheduleId ? enqueue(tx, run.tenantId, await releaseBuffered(tx, run.scheduleId)) : null;
        });
        if (closed) dispatch(closed);
        result.closed++;
      });
    } else if (run.status === "pending" && run.buffered && run.scheduleId) {
      releasing.set(run.scheduleId, run.tenantId);
    }
  }
  for (const [scheduleId, tenantId] of releasing)
    await repair(`release schedule ${scheduleId}`, async () => {
      const outbox = await withTenant({ tenantId, userId: null }, async (tx) =>
        enqueue(tx, tenantId, await releaseBuffered(tx, scheduleId)),
      );
      dispatch(outbox);
      result.released += outbox.rows.length;
    });
  return result;
}

async function repair(what: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    // What cannot be repaired now (the database is away again) is tried on the next tick.
    console.error(`[jobs] could not ${what}`, (error as Error).message);
  }
}
