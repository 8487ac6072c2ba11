import "server-only";
import { and, eq, inArray, lt, or } from "drizzle-orm";
import { database } from "@/db/client";
import { woExecutions } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { dispatch } from "@/lib/events/publish";
import { msg } from "@/lib/i18n/message";
import { runnerIsOnThisHost, stopExecutionProcesses } from "./execution-processes";
import { finishExecution, INTERRUPTED, systemNote } from "./finish-execution";
import { hasLiveRunner } from "./run-execution";

/** A queued execution no runner has claimed after this long is closed (its run was lost). */
export const QUEUED_TOO_LONG_MS = 15 * 60_000;

const ELSEWHERE = msg("work-orders.run_runner_lost");
const NEVER_CLAIMED = msg("work-orders.run_never_claimed");

/**
 * Closes what nobody runs any more: running executions with no live runner (its server died, or
 * a database outage outlasted its heartbeat) and queued ones no runner took. Each is recorded like
 * any other end (finishExecution). Processes left on this host are stopped first; a runner still
 * alive elsewhere finds its execution ended at its next heartbeat and stops its command.
 *
 * Infrastructure: it finds candidates of every tenant with the owner connection (the
 * `wo_executions_reconciler_read` policy lets it see unfinished executions, nothing else), then
 * closes each through its tenant's door. Run by the reconcile cron function and at boot.
 */
export async function reconcileExecutions(
  opts: { now?: number; queuedTooLongMs?: number; tenantIds?: string[] } = {},
): Promise<number> {
  const now = opts.now ?? Date.now();
  const queuedBefore = new Date(now - (opts.queuedTooLongMs ?? QUEUED_TOO_LONG_MS));
  const { db } = await database();
  const candidates = await db
    .select()
    .from(woExecutions)
    .where(
      and(
        or(
          eq(woExecutions.status, "running"),
          and(eq(woExecutions.status, "queued"), lt(woExecutions.queuedAt, queuedBefore)),
        ),
        opts.tenantIds ? inArray(woExecutions.tenantId, opts.tenantIds) : undefined,
      ),
    )
    .orderBy(woExecutions.queuedAt)
    .limit(500);
  const abandoned = (row: typeof woExecutions.$inferSelect) =>
    row.status === "queued" ? row.queuedAt < queuedBefore : !hasLiveRunner(row, now);
  let closed = 0;
  for (const candidate of candidates) {
    if (!abandoned(candidate)) continue;
    try {
      let reason = NEVER_CLAIMED;
      if (candidate.status === "running") {
        await stopExecutionProcesses(candidate.id, candidate);
        reason = runnerIsOnThisHost(candidate.runner) ? INTERRUPTED : ELSEWHERE;
      }
      const done = await withTenant({ tenantId: candidate.tenantId, userId: null }, (tx) =>
        finishExecution(tx, candidate.id, {
          status: "failed",
          error: reason,
          note: systemNote(reason),
          detail: { interrupted: true },
          unless: (row) => row.status !== candidate.status || !abandoned(row),
        }),
      );
      if (done) {
        dispatch(done.outbox);
        closed++;
      }
    } catch (error) {
      // One that cannot be closed now (the database is away again) is tried on the next round.
      console.error(`[work-orders] could not close execution ${candidate.id}`, error);
    }
  }
  return closed;
}
