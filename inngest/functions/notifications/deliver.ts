import { inngest } from "@/inngest/client";
import { deliverNotification, failDelivery } from "@/lib/notifications/deliver-notification";

/** Attempts after the first when a channel fails (backoff 1 s, 2 s, 4 s, 8 s): 5 attempts in all. */
export const DELIVERY_RETRIES = 4;

/** Sends one logged delivery; retried with backoff, and marked failed in the log after the last attempt. */
export const deliverNotificationFn = inngest.createFunction(
  {
    id: "notification-deliver",
    name: "Notify: deliver",
    retries: DELIVERY_RETRIES,
    triggers: [{ event: "notification/deliver" }],
    onFailure: async ({ event, error }) => {
      const data = (event.data as { event: { data: { tenantId: string; deliveryId: string } } }).event.data;
      await failDelivery(data, error.message);
    },
  },
  // No step: the whole run is the one side effect, so a retry of the function is a retry of the
  // send, and each attempt costs one call of the handler instead of two (step result, then return).
  async ({ event }) => {
    const { tenantId, deliveryId } = event.data as { tenantId: string; deliveryId: string };
    return { outcome: await deliverNotification({ tenantId, deliveryId }) };
  },
);
