import "server-only";
import { eq, sql } from "drizzle-orm";
import { jobRuns } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { clock } from "@/lib/clock";
import { SafeError } from "@/lib/errors";
import { type Actor, requirePermission } from "@/lib/tenants/actor";
import type { RunStatus } from "./catalog";

/**
 * Cancels a run that has not ended. A pending one (queued, buffered or waiting for its retry) is
 * cancelled at once and never starts; a running one is asked to stop: its runner polls the request
 * and stops the call (the process group of a shell run, the request of an HTTP run, the query of an
 * SQL run), then records it cancelled. Asking twice changes nothing.
 */
export async function cancelRun(actor: Actor, input: { runId: string }): Promise<{ status: RunStatus }> {
  requirePermission(actor, "jobs.run");
  return withTenant(actor, async (tx) => {
    const [run] = await tx.select().from(jobRuns).where(eq(jobRuns.id, input.runId)).for("update");
    if (!run) throw new SafeError("jobs.run_not_found");
    if (run.status === "pending") {
      const now = clock.date();
      await tx
        .update(jobRuns)
        .set({ status: "cancelled", finishedAt: now, cancelRequestedAt: now, cancelRequestedBy: actor.userId })
        .where(eq(jobRuns.id, run.id));
    } else if (run.status === "running") {
      if (run.cancelRequestedAt) return { status: run.status };
      await tx
        .update(jobRuns)
        .set({ cancelRequestedAt: sql`now()`, cancelRequestedBy: actor.userId })
        .where(eq(jobRuns.id, run.id));
    } else {
      throw new SafeError("jobs.run_already_ended");
    }
    await audit(tx, {
      action: "job_run.cancel",
      targetType: "job_run",
      targetId: run.id,
      before: { status: run.status },
      after: { status: run.status === "pending" ? "cancelled" : "cancelling" },
    });
    return { status: run.status === "pending" ? "cancelled" : "running" };
  });
}
