import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { woExecutionOutput, woExecutions, workOrders } from "@/db/schema";
import type { Tx } from "@/db/tenant";
import { recordOnTimeline } from "@/lib/approvals/subjects/work-order";
import { audit } from "@/lib/audit";
import { enqueue, type Outbox } from "@/lib/events/publish";
import { msg } from "@/lib/i18n/message";
import { renderMessage } from "@/lib/i18n/translate";

export type FinalStatus = "succeeded" | "failed" | "timed_out" | "cancelled";

export type ExecutionEnd = {
  status: FinalStatus;
  exitCode?: number | null;
  /** Plain text for people (masked by the caller): no values, stacks or server paths. */
  error?: string | null;
  durationMs?: number | null;
  /** Bytes the command wrote; absent: counted from the stored lines. */
  bytes?: number | null;
  truncated?: boolean;
  /** A last `system` line for the output (what happened, when nobody ran it to its end). */
  note?: string;
  /** Who ended it (Cancel), or null for the system. */
  actorId?: string | null;
  detail?: Record<string, unknown>;
  /** Re-checked on the locked row: true leaves it as it is (e.g. claimed by a runner since it was looked at). */
  unless?: (row: ExecutionRow) => boolean;
};

export type ExecutionRow = typeof woExecutions.$inferSelect;

/**
 * Ends an execution that is still queued or running, recorded like every end whoever ends it (its
 * runner, a restart, the reconciler, a failed run, Cancel): status and reason, the output line count
 * of the rows actually stored, the order's last execution status, a timeline entry, an audit row
 * and `work-order/execution.finished` in the outbox (notifications). The row is locked first and
 * re-checked: of two enders, the second finds it finished and gets null (nothing recorded twice).
 * The caller dispatches the outbox after commit.
 */
export async function finishExecution(
  tx: Tx,
  executionId: string,
  end: ExecutionEnd,
): Promise<{ execution: ExecutionRow; outbox: Outbox } | null> {
  const [open] = await tx
    .select()
    .from(woExecutions)
    .where(and(eq(woExecutions.id, executionId), inArray(woExecutions.status, ["queued", "running"])))
    .for("update");
  if (!open || end.unless?.(open)) return null;
  if (end.note) {
    await tx.execute(sql`insert into ${woExecutionOutput} (execution_id, seq, stream, line)
      select ${executionId}::uuid, coalesce(max(seq) + 1, 0), 'system', ${end.note}
      from ${woExecutionOutput} where execution_id = ${executionId}::uuid`);
  }
  const storedLines = sql<number>`(select count(*)::int from ${woExecutionOutput} where execution_id = ${executionId}::uuid)`;
  const storedBytes = sql<number>`(select coalesce(sum(octet_length(line) + 1), 0)::int from ${woExecutionOutput} where execution_id = ${executionId}::uuid)`;
  const durationMs = end.durationMs ?? (open.startedAt ? Math.max(0, Date.now() - open.startedAt.getTime()) : null);
  const [execution] = await tx
    .update(woExecutions)
    .set({
      status: end.status,
      exitCode: end.exitCode ?? null,
      error: end.error ?? null,
      outputLines: storedLines,
      outputBytes: end.bytes ?? storedBytes,
      truncated: end.truncated ?? false,
      finishedAt: sql`now()`,
    })
    .where(eq(woExecutions.id, executionId))
    .returning();
  const [order] = await tx
    .update(workOrders)
    .set({ lastExecutionStatus: end.status })
    .where(eq(workOrders.id, open.orderId))
    .returning();
  if (!execution || !order) throw new Error("execution without its order");
  await recordOnTimeline(tx, order, {
    action: `execution.${end.status}`,
    actorId: end.actorId ?? null,
    level: null,
    via: end.actorId ? "ui" : "system",
    detail: { executionId, exitCode: end.exitCode ?? null, durationMs, ...end.detail },
  });
  await audit(tx, {
    action: "execution.finish",
    targetType: "execution",
    targetId: executionId,
    ...(end.actorId ? {} : { actorLabel: "system" }),
    before: { status: open.status },
    after: {
      status: end.status,
      exitCode: end.exitCode ?? null,
      durationMs,
      ...(end.error ? { error: end.error } : {}),
    },
  });
  const outbox = await enqueue(tx, execution.tenantId, [
    {
      name: "work-order/execution.finished",
      data: { tenantId: execution.tenantId, orderId: execution.orderId, executionId, status: end.status },
    },
  ]);
  return { execution, outbox };
}

/** Messages for ends nobody saw through (shared by the restart, the reconciler and Cancel). */
export const INTERRUPTED = msg("work-orders.run_interrupted");

/** A reason (a `msg()` code) as the system line of the output, a log kept as written: in English. */
export const systemNote = (reason: string) => `[${renderMessage("en", reason)}]`;
