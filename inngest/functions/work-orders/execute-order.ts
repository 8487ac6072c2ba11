import "server-only";
import { events, inngest } from "@/inngest/client";
import { failedEvent } from "@/inngest/events";
import { failExecution } from "@/lib/work-orders/fail-execution";
import { runExecution } from "@/lib/work-orders/run-execution";

const requested = events["work-order/execution.requested"];

/**
 * Runs an approved order's command. Never retried: a command is not idempotent, and a run cut off
 * half-way is reported as failed rather than silently started again. Its end, whichever it is,
 * is recorded by runExecution with `work-order/execution.finished` in the outbox; a run that
 * fails for an infrastructure reason (the step threw, or outlived its timeout) closes its
 * execution in onFailure, so it never stays "running".
 */
export const executeOrder = inngest.createFunction(
  {
    id: "work-order-execute",
    name: "Execute work order",
    retries: 0,
    triggers: [{ event: requested }],
    onFailure: async ({ event, error }) => {
      const { tenantId, executionId } = failedEvent(requested, event);
      await failExecution({ tenantId, executionId, error });
    },
  },
  async ({ event, step }) => {
    const { tenantId, executionId } = event.data;
    const result = await step.run("run-command", () => runExecution({ tenantId, executionId }));
    if (!result) return { skipped: true };
    return result;
  },
);
