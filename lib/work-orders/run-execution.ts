import "server-only";
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { woExecutionOutput, woExecutions, workOrders, woTemplateVersions } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { decryptSecret } from "@/lib/crypto";
import { dispatch } from "@/lib/events/publish";
import { msg } from "@/lib/i18n/message";
import { activeRuns } from "./active-runs";
import { patternRefusalBeforeRun } from "./check-patterns";
import { MASK, shellScript } from "./command";
import { EXECUTION_MARKER, runnerMayBeAlive, stopExecutionProcesses, thisRunner } from "./execution-processes";
import { type ExecutionEnd, type FinalStatus, finishExecution, INTERRUPTED, systemNote } from "./finish-execution";
import { retrying } from "./retrying";
import { runCommand } from "./run-command";

export const MAX_OUTPUT_BYTES = 1_000_000;

/** How often a live runner renews its execution's heartbeat. */
export const HEARTBEAT_MS = 5_000;
/** A running execution whose heartbeat is older than this has no live runner (a blip of a few seconds is not one). */
export const HEARTBEAT_STALE_MS = 60_000;

export type ExecutionResult = {
  status: FinalStatus;
  exitCode: number | null;
  durationMs: number;
  error?: string;
  /** Closed because whoever ran it was gone (a restart found it running). */
  interrupted?: boolean;
};

/**
 * Runs a queued execution to its end (called from the execution Inngest function, once: commands
 * are not retried). Output is appended as it comes; the end is recorded by `finishExecution` (status,
 * timeline, audit, the `execution.finished` event). Null when there was nothing to do: cancelled
 * before it started, already ended, or still run by a live runner elsewhere.
 *
 * Found `running` instead of `queued`, the step is being delivered again after its server stopped
 * (restart, crash): the command is not started again behind anyone's back. What is left of its
 * processes is stopped first, then the execution is closed as failed, saying both.
 */
export async function runExecution(input: { tenantId: string; executionId: string }): Promise<ExecutionResult | null> {
  const ctx = { tenantId: input.tenantId, userId: null };
  const claim = await withTenant(ctx, async (tx) => {
    const [execution] = await tx
      .update(woExecutions)
      .set({ status: "running", startedAt: sql`now()`, heartbeatAt: sql`now()`, runner: thisRunner() })
      .where(and(eq(woExecutions.id, input.executionId), eq(woExecutions.status, "queued")))
      .returning();
    if (!execution) {
      const [current] = await tx.select().from(woExecutions).where(eq(woExecutions.id, input.executionId));
      return { claimed: null, current: current ?? null };
    }
    const [order] = await tx.select().from(workOrders).where(eq(workOrders.id, execution.orderId));
    const [version] = await tx
      .select()
      .from(woTemplateVersions)
      .where(eq(woTemplateVersions.id, order?.templateVersionId ?? ""));
    if (!order || !version) throw new Error("execution without order or template version");
    await tx.update(workOrders).set({ lastExecutionStatus: "running" }).where(eq(workOrders.id, order.id));
    await audit(tx, {
      action: "execution.run",
      targetType: "execution",
      targetId: execution.id,
      actorLabel: "system",
      before: { status: "queued" },
      after: { status: "running", runner: execution.runner },
    });
    return { claimed: { execution, order, version }, current: null };
  });
  if (!claim.claimed) {
    const current = claim.current;
    if (current?.status !== "running" || hasLiveRunner(current)) return null;
    return closeInterrupted(input, current);
  }
  const job = claim.claimed;
  const refused = await patternRefusalBeforeRun(input.tenantId, job.order, job.version);
  if (refused) return end(input, { status: "failed", exitCode: null, error: refused });

  let internal: Record<string, string> = {};
  let prepared: ReturnType<typeof shellScript>;
  try {
    internal = job.version.internalVariables ? JSON.parse(decryptSecret(job.version.internalVariables)) : {};
    prepared = shellScript(job.version.command, job.order.values, internal);
  } catch (error) {
    console.error(`[work-orders] execution ${input.executionId} could not be prepared`, error);
    return end(input, {
      status: "failed",
      exitCode: null,
      error: msg("work-orders.run_not_prepared"),
    });
  }
  // Internal values are hidden from people: mask them in the output, and in any error text, too
  // (echo {Token} shows ••••••).
  const secrets = Object.values(internal).filter((v) => v.length >= 4);
  const mask = (line: string) => secrets.reduce((out, secret) => out.split(secret).join(MASK), line);

  // The heartbeat says a live runner owns this execution (the reconciler and Cancel read it), records
  // the process group once spawned, and notices when someone else ended the execution meanwhile
  // (Cancel with no answer, the reconciler after a long outage): then the command is stopped.
  let pgid: number | null = null;
  let closedElsewhere = false;
  let stopHere = false;
  const beat = async () => {
    const rows = await withTenant(ctx, (tx) =>
      tx
        .update(woExecutions)
        .set({ heartbeatAt: sql`now()`, ...(pgid ? { pgid } : {}) })
        .where(and(eq(woExecutions.id, input.executionId), eq(woExecutions.status, "running")))
        .returning({ id: woExecutions.id }),
    );
    if (rows.length === 0) closedElsewhere = true;
  };
  const heartbeat = setInterval(() => {
    beat().catch(() => {}); // a missed beat is retried by the next one
  }, HEARTBEAT_MS);
  activeRuns.add(input.executionId, {
    stop: () => {
      stopHere = true;
    },
  });
  try {
    const result = await runCommand({
      script: prepared.script,
      env: { ...prepared.env, [EXECUTION_MARKER]: input.executionId },
      cwd: job.version.workdir,
      tempTag: input.executionId,
      timeoutMs: job.version.timeoutSeconds * 1000,
      maxOutputBytes: MAX_OUTPUT_BYTES,
      onSpawn: (pid) => {
        pgid = pid;
        beat().catch(() => {});
      },
      onOutput: async (lines, firstSeq) => {
        const rows = lines.map((l, i) => ({
          executionId: input.executionId,
          seq: firstSeq + i,
          stream: l.stream,
          line: mask(l.line),
        }));
        // A batch is offered again when its write failed; one that was stored after all is skipped.
        await withTenant(ctx, (tx) => tx.insert(woExecutionOutput).values(rows).onConflictDoNothing());
      },
      shouldCancel: async () => {
        if (closedElsewhere || stopHere) return true;
        const rows = await withTenant(ctx, (tx) =>
          tx
            .select({ id: woExecutions.id })
            .from(woExecutions)
            .where(and(eq(woExecutions.id, input.executionId), isNotNull(woExecutions.cancelRequestedAt))),
        );
        return rows.length > 0;
      },
    });
    return await end(input, {
      status: result.status,
      exitCode: result.exitCode,
      error: result.error ? mask(result.error) : null,
      durationMs: result.durationMs,
      bytes: result.bytes,
      truncated: result.truncated,
    });
  } finally {
    clearInterval(heartbeat);
    activeRuns.delete(input.executionId);
  }
}

/** Whether someone else may still be running this execution (then it is left to them, or to the reconciler). */
export function hasLiveRunner(
  execution: Pick<typeof woExecutions.$inferSelect, "id" | "runner" | "heartbeatAt">,
  now = Date.now(),
): boolean {
  if (execution.runner === thisRunner()) return activeRuns.has(execution.id);
  if (!runnerMayBeAlive(execution.runner)) return false;
  return (execution.heartbeatAt?.getTime() ?? 0) > now - HEARTBEAT_STALE_MS;
}

/** Records an end (retried through a database blip; the caller's run fails if the database stays away). */
async function end(input: { tenantId: string; executionId: string }, e: ExecutionEnd): Promise<ExecutionResult> {
  const ctx = { tenantId: input.tenantId, userId: null };
  const done = await retrying(() => withTenant(ctx, (tx) => finishExecution(tx, input.executionId, e)));
  if (done) dispatch(done.outbox);
  return {
    status: e.status,
    exitCode: e.exitCode ?? null,
    durationMs: e.durationMs ?? 0,
    ...(e.error ? { error: e.error } : {}),
  };
}

async function closeInterrupted(
  input: { tenantId: string; executionId: string },
  current: typeof woExecutions.$inferSelect,
): Promise<ExecutionResult | null> {
  // Before it is marked ended: a user told "start it again" must not run it twice at once.
  await stopExecutionProcesses(current.id, current);
  const ctx = { tenantId: input.tenantId, userId: null };
  const done = await retrying(() =>
    withTenant(ctx, (tx) =>
      finishExecution(tx, input.executionId, {
        status: "failed",
        error: INTERRUPTED,
        note: systemNote(INTERRUPTED),
        detail: { interrupted: true },
      }),
    ),
  );
  if (!done) return null;
  dispatch(done.outbox);
  return { status: "failed", exitCode: null, durationMs: 0, error: INTERRUPTED, interrupted: true };
}
