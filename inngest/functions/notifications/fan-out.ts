import "server-only";
import { NonRetriableError } from "inngest";
import { inngest } from "@/inngest/client";
import { triggersOn } from "@/inngest/events";
import type { NotifyEvent } from "@/lib/notifications/catalog";
import { planDeliveries, type SourceEvent } from "@/lib/notifications/plan-deliveries";

/** Every name of `U`, as a tuple: one left out does not compile ("missing: …"). */
const allOf =
  <U extends string>() =>
  <const T extends readonly U[]>(
    names: T & ([Exclude<U, T[number]>] extends [never] ? unknown : { missing: Exclude<U, T[number]> }),
  ): T =>
    names;

/** The events people are told about (NOTIFY_EVENTS), each a typed trigger. */
const NOTIFIED = allOf<NotifyEvent>()([
  "work-order/submitted",
  "approval/requested",
  "approval/cc",
  "work-order/approved",
  "work-order/rejected",
  "work-order/expired",
  "approval/urged",
  "work-order/execution.finished",
  "job/run.failed",
  "job/run.timed-out",
  "job/run.failing",
  "job/run.recovered",
  "job/schedule.rearmed",
]);

/**
 * One domain event → its recipients × channels: logs one delivery each, then starts one
 * "deliver" run per delivery (each retried on its own, so a channel that is down holds up nobody).
 */
export const notifyFanOut = inngest.createFunction(
  {
    id: "notification-fan-out",
    name: "Notify: fan out",
    triggers: triggersOn(NOTIFIED),
  },
  // No steps, so one call of the handler per fan-out: a retry is safe as a whole, because planning
  // is idempotent (deliveries are unique per source event × recipient × channel, and a replay
  // returns the still-pending ones) and each "deliver" event carries its delivery's id as event
  // id, which Inngest deduplicates.
  async ({ event }) => {
    // Only its domain events start it; the SDK also types in the invoke event, which nothing sends it.
    if (event.name === "inngest/function.invoked") throw new NonRetriableError("the fan-out is not invoked");
    const source: SourceEvent = { id: event.id ?? "", name: event.name, data: event.data };
    if (!source.id) throw new Error("the event has no id to key its deliveries on");
    const ids = await planDeliveries(source);
    if (ids.length > 0) {
      await inngest.send(
        ids.map((deliveryId) => ({
          id: `notification-deliver-${deliveryId}`,
          name: "notification/deliver",
          data: { tenantId: source.data.tenantId, deliveryId },
        })),
      );
    }
    return { deliveries: ids.length };
  },
);
