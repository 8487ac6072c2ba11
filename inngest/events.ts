import "server-only";
import { type EventType, eventType } from "inngest";
import { z } from "zod";
import { APP_EVENTS } from "@/lib/events/registry";

/**
 * Typed events (`eventType` + zod). Every payload carries `tenantId`. Use them as triggers
 * (`triggers: [{ event: events["work-order/submitted"] }]`) and to send
 * (`inngest.send(events["work-order/submitted"].create({...}))`, validated before sending).
 * The embedded executor also validates plain-object sends of these names against the schemas.
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
