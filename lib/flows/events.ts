import "server-only";
import { z } from "zod";

/**
 * Events of job flows (issue 18). Every payload carries `tenantId`.
 * - `flow/run.requested`: a written run (`flow_runs` row, its nodes `pending`) is to be executed by
 *   the flow-run function; sent through the outbox with the run's id as event id.
 * - `flow/run.cancel`: someone cancelled a running run: the flow-run function is cancelled by it
 *   (`cancelOn`), and the runner stops the node processes it has on this host.
 * - `flow/gate.decided`: a gate's approval closed (approved, rejected, or timed out as its
 *   `onTimeout` says); the waiting run resumes with it (`step.waitForEvent`, matched on `runNodeId`).
 * - `flow/gate.requested`: a gate's approval task was created (the approvals engine, the gate as its
 *   subject): its approver is emailed the approve / reject links.
 * - `flow/run.finished`: a run ended (success, failed, partial, cancelled): for alerts and reports.
 */
const run = { tenantId: z.uuid(), flowId: z.uuid(), runId: z.uuid() };

export const FLOW_EVENTS = {
  "flow/run.requested": z.object(run),
  "flow/run.cancel": z.object(run),
  "flow/gate.decided": z.object({
    ...run,
    runNodeId: z.uuid(),
    outcome: z.enum(["approved", "rejected"]),
    /** True when no one decided and the gate's timeout action did. */
    timedOut: z.boolean(),
  }),
  "flow/gate.requested": z.object({ ...run, runNodeId: z.uuid(), taskId: z.uuid(), approverId: z.uuid() }),
  "flow/run.finished": z.object({ ...run, status: z.enum(["success", "failed", "partial", "cancelled"]) }),
} as const;
