import "server-only";
import { inngest } from "@/inngest/client";
import { expireLevel } from "@/lib/approvals/expire-level";

/**
 * A level with a timeout waits here for its decision; if the level is not closed in time, the order
 * expires (rejected as expired, requester told via the expired event).
 */
export const awaitApprovalLevel = inngest.createFunction(
  {
    id: "approval-await-level",
    name: "Await approval level",
    triggers: [{ event: "approval/level.opened", if: "event.data.timeoutHours != null" }],
  },
  async ({ event, step }) => {
    const { tenantId, orderId, level, timeoutHours } = event.data as {
      tenantId: string;
      orderId: string;
      level: number;
      timeoutHours: number;
    };
    const closed = await step.waitForEvent("level-closed", {
      event: "approval/level.closed",
      timeout: `${timeoutHours}h`,
      if: "async.data.orderId == event.data.orderId && async.data.level == event.data.level",
    });
    if (closed) return { outcome: (closed.data as { outcome: string }).outcome };
    const expired = await step.run("expire-order", () => expireLevel({ tenantId, orderId, level }));
    return { outcome: expired ? "expired" : "already-moved-on" };
  },
);
