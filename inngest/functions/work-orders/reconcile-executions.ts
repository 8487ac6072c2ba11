import "server-only";
import { inngest } from "@/inngest/client";
import { reconcileExecutions } from "@/lib/work-orders/reconcile-executions";

/**
 * Every minute: closes executions nobody runs any more (no live runner behind a running one, or a
 * queued one never claimed). One idempotent sweep, so no step: a retry is the next sweep.
 */
export const reconcileExecutionsFn = inngest.createFunction(
  {
    id: "work-order-reconcile-executions",
    name: "Close abandoned executions",
    retries: 0,
    triggers: [{ cron: "* * * * *" }],
  },
  async () => ({ closed: await reconcileExecutions() }),
);
