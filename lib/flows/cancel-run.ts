import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { flowRunNodes, flowRuns, jobRuns } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { clock } from "@/lib/clock";
import { SafeError } from "@/lib/errors";
import { dispatch, enqueue } from "@/lib/events/publish";
import { type Actor, requirePermission } from "@/lib/tenants/actor";
import { activeRuns } from "@/lib/work-orders/active-runs";
import type { FlowRunStatus } from "./catalog";
import { finishFlowRun } from "./finish-flow-run";
import { closeGateTasks } from "./gate";

/**
 * Cancels a run that has not ended: the cancel is recorded, the flow-run function is cancelled
 * (`flow/run.cancel`), nodes not started (or a gate waiting) end `cancelled` at once, and running
 * nodes are asked to stop: their runners poll the request (this server's are stopped right away)
 * and kill the call (a shell node's process group, a request, a query; a job node's job run), each
 * ending `cancelled`; the run ends `cancelled` with the last of them, or at once when none ran.
 * Asking twice changes nothing.
 */
export async function cancelFlowRun(actor: Actor, input: { runId: string }): Promise<{ status: FlowRunStatus }> {
  requirePermission(actor, "jobs.run");
  const done = await withTenant(actor, async (tx) => {
    const [run] = await tx.select().from(flowRuns).where(eq(flowRuns.id, input.runId)).for("update");
    if (!run) throw new SafeError("flows.run_not_found");
    if (run.status !== "pending" && run.status !== "running") throw new SafeError("flows.run_already_ended");
    if (run.cancelRequestedAt) return { status: run.status, outbox: null, running: [] };
    const now = clock.date();
    await tx
      .update(flowRuns)
      .set({ cancelRequestedAt: now, cancelRequestedBy: actor.userId })
      .where(eq(flowRuns.id, run.id));
    await tx
      .update(flowRunNodes)
      .set({ status: "cancelled", finishedAt: now })
      .where(and(eq(flowRunNodes.runId, run.id), inArray(flowRunNodes.status, ["pending", "waiting"])));
    // A waiting gate's approval tasks end with it (its emailed links die).
    await closeGateTasks(tx, run.id);
    const running = await tx
      .select({ id: flowRunNodes.id, jobRunId: flowRunNodes.jobRunId })
      .from(flowRunNodes)
      .where(and(eq(flowRunNodes.runId, run.id), eq(flowRunNodes.status, "running")));
    const jobRunIds = running.flatMap((n) => (n.jobRunId ? [n.jobRunId] : []));
    if (jobRunIds.length)
      await tx
        .update(jobRuns)
        .set({ cancelRequestedAt: now, cancelRequestedBy: actor.userId })
        .where(and(inArray(jobRuns.id, jobRunIds), inArray(jobRuns.status, ["pending", "running"])));
    await audit(tx, {
      action: "flow_run.cancel",
      targetType: "flow_run",
      targetId: run.id,
      before: { status: run.status },
      after: { status: running.length ? "cancelling" : "cancelled" },
    });
    const events = await enqueue(tx, actor.tenantId, [
      { name: "flow/run.cancel", data: { tenantId: actor.tenantId, flowId: run.flowId, runId: run.id } },
    ]);
    const finished = running.length ? null : await finishFlowRun(tx, run.id, { status: "cancelled" });
    const outbox = finished ? { ...events, rows: [...events.rows, ...finished.rows] } : events;
    return { status: (running.length ? "running" : "cancelled") as FlowRunStatus, outbox, running };
  });
  if (done.outbox) dispatch(done.outbox);
  // This server's runners stop now; another server's see the request on their next poll.
  for (const node of done.running) {
    activeRuns.stop(node.id);
    if (node.jobRunId) activeRuns.stop(node.jobRunId);
  }
  return { status: done.status };
}
