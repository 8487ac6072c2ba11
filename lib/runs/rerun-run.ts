import "server-only";
import { getRun } from "@/db/queries/runs";
import { withTenant } from "@/db/tenant";
import { startEmbeddedExecutor } from "@/inngest/embedded/start";
import { audit } from "@/lib/audit";
import { NotFoundError, SafeError } from "@/lib/errors";
import { type Actor, requirePermission } from "@/lib/tenants/actor";

/**
 * Re-runs a failed (or cancelled) background run of this tenant: a new run of the same function
 * with the same event. Admins only — a re-run repeats side effects such as executing a command.
 */
export async function rerunRun(actor: Actor, input: { runId: string }): Promise<{ runId: string }> {
  requirePermission(actor, "runs.rerun");
  const found = await withTenant(actor, (tx) => getRun(tx, input));
  if (!found) throw new NotFoundError("run");
  if (found.run.status !== "failed" && found.run.status !== "cancelled") {
    throw new SafeError("runs.not_rerunnable");
  }
  const executor = await startEmbeddedExecutor();
  if (!executor) throw new SafeError("runs.external");
  const runId = await executor.rerun(found.run.id);
  await withTenant(actor, (tx) =>
    audit(tx, {
      action: "run.rerun",
      targetType: "inngest_run",
      targetId: found.run.id,
      after: { newRunId: runId, functionId: found.run.functionId },
    }),
  );
  return { runId };
}
