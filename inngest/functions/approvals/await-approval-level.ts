import "server-only";
import { events, inngest } from "@/inngest/client";
import { expireLevel } from "@/lib/approvals/expire-level";

/**
 * A level with a timeout waits here for its decision; if the level is not closed in time, the order
 * expires (rejected as expired, requester told via the expired event).
 */
export const awaitApprovalLevel = inngest.createFunction(
  {
    id: "approval-await-level",
    name: "Await approval level",
    triggers: [{ event: events["approval/level.opened"], if: "event.data.timeoutHours != null" }],
  },
  async ({ event, step }) => {
    const { tenantId, orderId, level, timeoutHours } = event.data;
    // The trigger's `if` lets through only levels with a timeout; a payload without one has no wait.
    if (timeoutHours === null) return { outcome: "no-timeout" };
    const closed = await step.waitForEvent("level-closed", {
      event: events["approval/level.closed"],
      timeout: `${timeoutHours}h`,
      if: "async.data.orderId == event.data.orderId && async.data.level == event.data.level",
    });
    if (closed) return { outcome: closed.data.outcome };
    const expired = await step.run("expire-order", () => expireLevel({ tenantId, orderId, level }));
    return { outcome: expired ? "expired" : "already-moved-on" };
  },
);
