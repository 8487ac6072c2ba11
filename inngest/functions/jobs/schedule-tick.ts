import "server-only";
import { inngest } from "@/inngest/client";
import { reconcileFlowNodes } from "@/lib/flows/reconcile-flow-nodes";
import { reconcileRuns } from "@/lib/jobs/reconcile-runs";
import { claimDueSchedules } from "@/lib/jobs/tick";

/**
 * The scheduler, every minute: first the reconcilers (every enabled schedule armed, no job run or
 * flow node left running without a runner), then the claim of every due schedule of every tenant, one JobLog per
 * fire and its run event (lib/jobs/tick.ts). One function for all tenants, the same on the embedded
 * executor and a real Inngest server. No step: both halves are idempotent sweeps, and a retry is
 * the next tick.
 */
export const scheduleTick = inngest.createFunction(
  {
    id: "job-schedule-tick",
    name: "Jobs: scheduler tick",
    retries: 0,
    triggers: [{ cron: "* * * * *" }],
  },
  async () => {
    const reconciled = await reconcileRuns();
    const flowNodes = await reconcileFlowNodes();
    const claimed = await claimDueSchedules();
    return { ...reconciled, flowNodesClosed: flowNodes.closed, ...claimed };
  },
);
