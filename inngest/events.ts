import "server-only";
import { type EventType, eventType, type FailureEventPayload } from "inngest";
import { z } from "zod";
import { APP_EVENTS, type AppEventName } from "@/lib/events/registry";

/**
 * Typed events (`eventType` + zod). Every payload carries `tenantId`. Use them as triggers
 * (`triggers: [{ event: events["work-order/submitted"] }]`) and to send
 * (`inngest.send(events["work-order/submitted"].create({...}))`, validated before sending).
 * The embedded executor also validates plain-object sends of these names against the schemas.
 * A function triggered by one (or waiting for one with `step.waitForEvent`) gets `event.data`
 * typed from its schema, and the SDK checks the payload against it before the handler runs.
 */

/** Declares a tenant event: its payload schema always includes `tenantId: uuid`. */
export function tenantEvent<const N extends string, S extends z.ZodRawShape>(name: N, shape: S) {
  const schema = z.object({ tenantId: z.uuid() }).extend(shape);
  return eventType(name, { schema: schema as never }) as EventType<N, typeof schema>;
}

type Registry = typeof APP_EVENTS;

export const events = Object.fromEntries(
  Object.entries(APP_EVENTS).map(([name, schema]) => [name, eventType(name, { schema: schema as never })]),
) as unknown as { [K in keyof Registry]: EventType<K, Registry[K]> };

/** Every declared event type (the executor's payload validation reads this list). */
export const allEvents: unknown[] = Object.values(events);

/** The payload of an app event, by name. */
export type EventData<N extends AppEventName> = z.infer<(typeof APP_EVENTS)[N]>;

/**
 * The triggering event's payload inside `onFailure`. Inngest v4 types the handler's `event.data`
 * from its triggers, but `onFailure` gets `inngest/function.failed`, whose `data.event` the SDK
 * leaves a plain EventPayload whatever the triggers; this names it by the trigger's own type, in
 * one place rather than a cast in every function.
 */
export function failedEvent<N extends AppEventName>(
  _trigger: EventType<N, (typeof APP_EVENTS)[N]>,
  failure: FailureEventPayload,
): EventData<N> {
  return failure.data.event.data as EventData<N>;
}

/**
 * Triggers on several events, typed as the tuple Inngest reads `event`'s type from (an array built
 * with `.map` is typed as a plain array, and its handler's `event` loses the payloads).
 */
export function triggersOn<const T extends readonly AppEventName[]>(names: T) {
  return names.map((name) => ({ event: events[name] })) as {
    -readonly [K in keyof T]: { event: (typeof events)[T[K]] };
  };
}
