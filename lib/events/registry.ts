import "server-only";
import type { z } from "zod";
import { FLOW_EVENTS } from "@/lib/flows/events";
import { JOB_EVENTS } from "@/lib/jobs/events";
import { NOTIFICATION_EVENTS } from "@/lib/notifications/events";
import { WORK_ORDER_EVENTS } from "@/lib/work-orders/events";

/** Every event the app sends, by name (each payload carries `tenantId`). */
export const APP_EVENTS = { ...WORK_ORDER_EVENTS, ...NOTIFICATION_EVENTS, ...JOB_EVENTS, ...FLOW_EVENTS } as const;

export type AppEventName = keyof typeof APP_EVENTS;
export type AppEvent = {
  /** `id`: the event's own id (its outbox row's), where a key must make a second send a no-op. */
  [K in AppEventName]: { id?: string; name: K; data: z.infer<(typeof APP_EVENTS)[K]> };
}[AppEventName];
