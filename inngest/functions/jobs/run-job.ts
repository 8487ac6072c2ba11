import "server-only";
import { events, inngest } from "@/inngest/client";
import { failedEvent } from "@/inngest/events";
import { failRun, runJob } from "@/lib/jobs/run-job";

const requested = events["job/run.requested"];

/**
 * Runs one job run (a cron fire, "Run now", a retry). Never retried by Inngest: an attempt is not
 * idempotent, and the job's own retry policy makes each retry a run of its own (trigger `retry`,
 * written when the attempt fails), whose event goes out after the retry interval, slept here
 * durably. A run that fails for an infrastructure reason is closed in onFailure, so it never stays
 * "running".
 */
export const runJobFn = inngest.createFunction(
  {
    id: "job-run",
    name: "Run job",
    retries: 0,
    triggers: [{ event: requested }],
    onFailure: async ({ event, error }) => {
      const { tenantId, runId } = failedEvent(requested, event);
      await failRun({ tenantId, runId }, error);
    },
  },
  async ({ event, step }) => {
    const { tenantId, jobId, runId } = event.data;
    const result = await step.run("run", () => runJob({ tenantId, runId }));
    if (!result) return { skipped: true };
    if (result.retry) {
      await step.sleep("retry-interval", result.retry.delayMs);
      await step.sendEvent("retry", {
        id: result.retry.runId,
        name: "job/run.requested",
        data: { tenantId, jobId, runId: result.retry.runId },
      });
    }
    return result;
  },
);
