import { inngest } from "@/inngest/client";
import { runExecution } from "@/lib/work-orders/run-execution";

/**
 * Runs an approved order's command. Never retried: a command is not idempotent, and a run cut off
 * half-way is reported as failed rather than silently started again.
 */
export const executeOrder = inngest.createFunction(
  {
    id: "work-order-execute",
    name: "Execute work order",
    retries: 0,
    triggers: [{ event: "work-order/execution.requested" }],
  },
  async ({ event, step }) => {
    const { tenantId, orderId, executionId } = event.data as { tenantId: string; orderId: string; executionId: string };
    const result = await step.run("run-command", () => runExecution({ tenantId, executionId }));
    if (!result) return { skipped: true };
    await step.sendEvent("announce-finish", {
      name: "work-order/execution.finished",
      data: { tenantId, orderId, executionId, status: result.status },
    });
    return { status: result.status, exitCode: result.exitCode, durationMs: result.durationMs };
  },
);
