import "server-only";
import { z } from "zod";

/**
 * Events of jobs (issue 17). Every payload carries `tenantId`.
 * - `job/run.requested`: a written run (`job_runs` row) is to be executed; sent through the
 *   outbox with the run's id as event id (a cron fire's run id is derived from its unique key,
 *   schedule and fire time: lib/jobs/run-key.ts), so a fire sent twice runs once. A retry's
 *   carries `notBefore`, the end of its interval: the run function sleeps until then.
 * - `job/run.cancel`: someone asked a running run to stop (the run function watches for it).
 * - the four alert events, each a notification (lib/notifications/catalog.ts NOTIFY_EVENTS) with
 *   its own editable wording: a run failed after its last retry, timed out, the N-th failure in a
 *   row, and the first success after an alerted failure; and `job/schedule.rearmed`, the
 *   scheduler invariant repaired (an alert too, to the same channels).
 */
const run = { tenantId: z.uuid(), jobId: z.uuid(), runId: z.uuid() };

export const JOB_EVENTS = {
  "job/run.requested": z.object({ ...run, notBefore: z.iso.datetime().optional() }),
  "job/run.cancel": z.object(run),
  "job/run.failed": z.object(run),
  "job/run.timed-out": z.object(run),
  "job/run.failing": z.object({ ...run, failures: z.number().int().positive() }),
  "job/run.recovered": z.object(run),
  /** The reconciler found an enabled schedule without a next fire and armed it again. */
  "job/schedule.rearmed": z.object({ tenantId: z.uuid(), jobId: z.uuid(), scheduleId: z.uuid() }),
} as const;
