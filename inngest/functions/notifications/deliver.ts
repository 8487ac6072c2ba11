import "server-only";
import { NonRetriableError, RetryAfterError } from "inngest";
import { env } from "@/env";
import { events, inngest } from "@/inngest/client";
import { failedEvent } from "@/inngest/events";
import { withDeadline } from "@/lib/deadline";
import { DeliveryFailed, deliverNotification, failDelivery } from "@/lib/notifications/deliver-notification";
import { MAX_RUN_RETRIES } from "@/lib/notifications/retry-plan";

/** Retries after the first attempt on the normal schedule (NOTIFY_RETRY_BACKOFF, default 1m, 5m, 15m, 1h). */
export const DELIVERY_RETRIES = env.NOTIFY_RETRY_BACKOFF.length;

const deliver = events["notification/deliver"];

/**
 * An attempt that has not finished in this long is taken for lost and retried on the schedule: a
 * query on a connection the database cut mid-way can hang for good (seen in the db-blip fault
 * test: a delivery left "sending" for minutes, its run "running"). Above SMTP's own 30 s send
 * deadline, so a slow server is not mistaken for a lost attempt. Delivery is at-least-once.
 */
const ATTEMPT_TIMEOUT_MS = 60_000;

/**
 * Sends one logged delivery. A failed attempt is retried after the schedule's wait for it
 * (`RetryAfterError`); after the schedule the delivery ends failed in the log (`NonRetriableError`,
 * then onFailure) — except an approver's email while its task is pending, which retries at the
 * schedule's last interval, in this run while Inngest allows it more retries, then in a fresh run
 * (started through the outbox, waiting `waitMs` first).
 */
export const deliverNotificationFn = inngest.createFunction(
  {
    id: "notification-deliver",
    name: "Notify: deliver",
    // The most Inngest allows; the schedule decides how many are used.
    retries: MAX_RUN_RETRIES,
    triggers: [{ event: deliver }],
    onFailure: async ({ event, error }) => {
      await failDelivery(failedEvent(deliver, event), error.message);
    },
  },
  // No step but the wait of a continuing run: the rest is the one side effect, so a retry of the
  // function is a retry of the send, and each attempt costs one call of the handler.
  async ({ event, attempt, step }) => {
    const { tenantId, deliveryId, waitMs } = event.data;
    if (waitMs) await step.sleep("backoff", waitMs);
    try {
      const attempted = deliverNotification({ tenantId, deliveryId }, { attempt, continued: Boolean(waitMs) });
      const outcome = await withDeadline(
        attempted,
        ATTEMPT_TIMEOUT_MS,
        () => new Error(`the delivery attempt did not finish within ${ATTEMPT_TIMEOUT_MS / 1000} s`),
      );
      return { outcome };
    } catch (error) {
      if (!(error instanceof DeliveryFailed)) {
        // Not the channel's answer (the database, say): retried on the schedule while the run may.
        const schedule = env.NOTIFY_RETRY_BACKOFF;
        const wait = schedule[Math.min(attempt, schedule.length - 1)] as number;
        throw new RetryAfterError(error instanceof Error ? error.message : String(error), wait, { cause: error });
      }
      if (error.plan.kind === "retry") throw new RetryAfterError(error.message, error.plan.delayMs, { cause: error });
      if (error.plan.kind === "continue") return { outcome: "continued" as const };
      throw new NonRetriableError(error.message, { cause: error });
    }
  },
);
