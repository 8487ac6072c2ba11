import "server-only";
import { events, inngest } from "@/inngest/client";
import { failedEvent } from "@/inngest/events";
import { failRun, runJob } from "@/lib/jobs/run-job";

const requested = events["job/run.requested"];

/**
 * Runs one job run (a cron fire, "Run now", a retry). Never retried by Inngest: an attempt is not
 * idempotent, and the job's own retry policy makes each retry a run of its own (trigger `retry`),
 * written with its event when the attempt fails (lib/jobs/finish-run.ts); that event carries the
 * end of the retry interval, slept here durably first.
 *
 * The attempt itself is no step: a run is one call, not two (the scheduler starts a thousand at a
 * minute). Delivered again after a crash, `runJob` sees the run it had claimed and closes it as
 * interrupted rather than calling out twice. A run that fails for an infrastructure reason is
 * closed in onFailure, so it never stays "running".
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
    const { tenantId, runId, notBefore } = event.data;
    if (notBefore) await step.sleepUntil("retry-interval", notBefore);
    return (await runJob({ tenantId, runId })) ?? { skipped: true };
  },
);
