import "server-only";
import { eq } from "drizzle-orm";
import { woExecutions } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { dispatch } from "@/lib/events/publish";
import { msg } from "@/lib/i18n/message";
import { activeRuns } from "./active-runs";
import { stopExecutionProcesses } from "./execution-processes";
import { finishExecution, systemNote } from "./finish-execution";
import { isTransientDbError, retrying } from "./retrying";

/**
 * Closes an execution whose run failed for an infrastructure reason (the execution function's
 * onFailure: the step threw, or outlived its timeout). Its processes are stopped first, then it
 * ends `failed` with a plain reason: the error itself (which can hold server paths, addresses or
 * a stack) goes to the server log only. An execution already ended is left as it is.
 */
export async function failExecution(input: {
  tenantId: string;
  executionId: string;
  error: unknown;
}): Promise<boolean> {
  console.error(`[work-orders] the run of execution ${input.executionId} failed`, input.error);
  const ctx = { tenantId: input.tenantId, userId: null };
  const [current] = await retrying(() =>
    withTenant(ctx, (tx) => tx.select().from(woExecutions).where(eq(woExecutions.id, input.executionId))),
  );
  if (!current || (current.status !== "queued" && current.status !== "running")) return false;
  const db = isTransientDbError(input.error);
  let reason: string;
  if (current.status === "queued") {
    reason = msg(db ? "work-orders.run_not_started_db" : "work-orders.run_not_started_runner");
  } else {
    activeRuns.stop(current.id);
    await stopExecutionProcesses(current.id, current);
    reason = msg(db ? "work-orders.run_stopped_db" : "work-orders.run_stopped_runner");
  }
  const done = await retrying(() =>
    withTenant(ctx, (tx) =>
      finishExecution(tx, input.executionId, { status: "failed", error: reason, note: systemNote(reason) }),
    ),
  );
  if (done) dispatch(done.outbox);
  return Boolean(done);
}
