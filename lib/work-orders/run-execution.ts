import "server-only";
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { woExecutionOutput, woExecutions, workOrders, woTemplateVersions } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { recordOnTimeline } from "@/lib/approvals/engine";
import { audit } from "@/lib/audit";
import { decryptSecret } from "@/lib/crypto";
import { MASK, shellScript } from "./command";
import { type RunResult, runCommand } from "./run-command";

export const MAX_OUTPUT_BYTES = 1_000_000;

/**
 * Runs a queued execution to its end (called from the execution Inngest function, once: commands
 * are not retried). Output is appended as it comes; the final status, exit code and duration are
 * stored with the order's last execution status and a timeline entry.
 */
export async function runExecution(input: { tenantId: string; executionId: string }): Promise<RunResult | null> {
  const ctx = { tenantId: input.tenantId, userId: null };
  const job = await withTenant(ctx, async (tx) => {
    const claimed = await tx
      .update(woExecutions)
      .set({ status: "running", startedAt: sql`now()` })
      .where(and(eq(woExecutions.id, input.executionId), eq(woExecutions.status, "queued")))
      .returning();
    const execution = claimed[0];
    if (!execution) {
      // Still "running" means the process that ran it died (restart, crash): the command is not
      // started again behind anyone's back; the execution is closed as failed, output kept.
      const interrupted = await tx
        .update(woExecutions)
        .set({
          status: "failed",
          error: "Interrupted: the server stopped while this ran. Start it again if needed.",
          finishedAt: sql`now()`,
        })
        .where(and(eq(woExecutions.id, input.executionId), eq(woExecutions.status, "running")))
        .returning({ orderId: woExecutions.orderId });
      if (interrupted[0]) {
        await tx
          .update(workOrders)
          .set({ lastExecutionStatus: "failed" })
          .where(eq(workOrders.id, interrupted[0].orderId));
      }
      return null; // cancelled before it started, already run, or interrupted
    }
    const [order] = await tx.select().from(workOrders).where(eq(workOrders.id, execution.orderId));
    const [version] = await tx
      .select()
      .from(woTemplateVersions)
      .where(eq(woTemplateVersions.id, order?.templateVersionId ?? ""));
    if (!order || !version) throw new Error("execution without order or template version");
    await tx.update(workOrders).set({ lastExecutionStatus: "running" }).where(eq(workOrders.id, order.id));
    return { execution, order, version };
  });
  if (!job) return null;

  const internal: Record<string, string> = job.version.internalVariables
    ? JSON.parse(decryptSecret(job.version.internalVariables))
    : {};
  const { script, env } = shellScript(job.version.command, job.order.values, internal);
  // Internal values are hidden from people: mask them in the output too (echo {Token} shows ••••••).
  const secrets = Object.values(internal).filter((v) => v.length >= 4);
  const mask = (line: string) => secrets.reduce((out, secret) => out.split(secret).join(MASK), line);
  let seq = 0;
  const result = await runCommand({
    script,
    env,
    cwd: job.version.workdir,
    timeoutMs: job.version.timeoutSeconds * 1000,
    maxOutputBytes: MAX_OUTPUT_BYTES,
    onOutput: async (lines) => {
      const rows = lines.map((l) => ({
        executionId: input.executionId,
        seq: seq++,
        stream: l.stream,
        line: mask(l.line),
      }));
      await withTenant(ctx, (tx) => tx.insert(woExecutionOutput).values(rows));
    },
    shouldCancel: async () => {
      const rows = await withTenant(ctx, (tx) =>
        tx
          .select({ id: woExecutions.id })
          .from(woExecutions)
          .where(and(eq(woExecutions.id, input.executionId), isNotNull(woExecutions.cancelRequestedAt))),
      );
      return rows.length > 0;
    },
  });

  await withTenant(ctx, async (tx) => {
    await tx
      .update(woExecutions)
      .set({
        status: result.status,
        exitCode: result.exitCode,
        error: result.error ?? null,
        outputLines: result.lines,
        outputBytes: result.bytes,
        truncated: result.truncated,
        finishedAt: sql`now()`,
      })
      .where(eq(woExecutions.id, input.executionId));
    await tx.update(workOrders).set({ lastExecutionStatus: result.status }).where(eq(workOrders.id, job.order.id));
    await recordOnTimeline(tx, job.order, {
      action: `execution.${result.status}`,
      actorId: null,
      level: null,
      via: "system",
      detail: { executionId: input.executionId, exitCode: result.exitCode, durationMs: result.durationMs },
    });
    await audit(tx, {
      action: "execution.finish",
      targetType: "execution",
      targetId: input.executionId,
      actorLabel: "system",
      after: { status: result.status, exitCode: result.exitCode, durationMs: result.durationMs },
    });
  });
  return result;
}
