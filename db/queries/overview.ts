import "server-only";
import { and, count, eq, gte, inArray, or, sql } from "drizzle-orm";
import { approvalTasks } from "@/db/schema/approvals";
import { woExecutions, workOrders } from "@/db/schema/work-orders";
import type { Tx } from "@/db/tenant";

/** Where an order of mine stands while it is still in flight (the Overview's buckets). */
export const IN_FLIGHT = ["awaiting_approval", "ready_to_run", "running", "last_run_failed"] as const;
export type InFlight = (typeof IN_FLIGHT)[number];

/** The end of a run that counts as a failure on the Overview. */
export const FAILED_EXECUTION_STATUSES = ["failed", "timed_out"] as const;

/**
 * The Overview's counts for one member: approvals waiting on them, their own orders in flight by
 * bucket, executions running now and failures of the last 7 days (`involving`: only executions they
 * requested or ran, for members who do not see everyone's). Four independent statements, sent back
 * to back.
 */
export async function overviewCounts(tx: Tx, me: { userId: string; involving?: string; now: Date }) {
  const involving = me.involving
    ? or(eq(woExecutions.requesterId, me.involving), eq(woExecutions.executorId, me.involving))
    : undefined;
  const since = new Date(me.now.getTime() - 7 * 86_400_000);
  const bucket = sql<InFlight | null>`case
    when ${workOrders.status} = 'pending' then 'awaiting_approval'
    when ${workOrders.status} = 'approved' and ${workOrders.lastExecutionStatus} is null then 'ready_to_run'
    when ${workOrders.status} = 'approved' and ${workOrders.lastExecutionStatus} in ('queued', 'running') then 'running'
    when ${workOrders.status} = 'approved' and ${workOrders.lastExecutionStatus} in ('failed', 'timed_out', 'cancelled') then 'last_run_failed'
  end`;
  const [waiting, mine, running, failed] = await Promise.all([
    tx
      .select({ n: count() })
      .from(approvalTasks)
      .innerJoin(
        workOrders,
        and(eq(workOrders.id, approvalTasks.orderId), eq(workOrders.currentLevel, approvalTasks.level)),
      )
      .where(
        and(
          eq(approvalTasks.approverId, me.userId),
          eq(approvalTasks.status, "pending"),
          eq(workOrders.status, "pending"),
        ),
      ),
    tx
      .select({ bucket, n: count() })
      .from(workOrders)
      .where(and(eq(workOrders.requesterId, me.userId), inArray(workOrders.status, ["pending", "approved"])))
      .groupBy(bucket),
    tx
      .select({ n: count() })
      .from(woExecutions)
      .where(and(inArray(woExecutions.status, ["queued", "running"]), involving)),
    tx
      .select({ n: count() })
      .from(woExecutions)
      .where(
        and(inArray(woExecutions.status, FAILED_EXECUTION_STATUSES), gte(woExecutions.finishedAt, since), involving),
      ),
  ]);
  const byBucket = Object.fromEntries(IN_FLIGHT.map((b) => [b, 0])) as Record<InFlight, number>;
  for (const row of mine) if (row.bucket) byBucket[row.bucket] = Number(row.n);
  return {
    waitingOnMe: Number(waiting[0]?.n ?? 0),
    mine: byBucket,
    runningNow: Number(running[0]?.n ?? 0),
    failedLast7Days: Number(failed[0]?.n ?? 0),
    since,
  };
}
