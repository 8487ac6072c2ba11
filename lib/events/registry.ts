import "server-only";
import type { z } from "zod";
import { NOTIFICATION_EVENTS } from "@/lib/notifications/events";
import { WORK_ORDER_EVENTS } from "@/lib/work-orders/events";

/** Every event the app sends, by name (each payload carries `tenantId`). */
export const APP_EVENTS = { ...WORK_ORDER_EVENTS, ...NOTIFICATION_EVENTS } as const;

export type AppEventName = keyof typeof APP_EVENTS;
export type AppEvent = {
  [K in AppEventName]: { name: K; data: z.infer<(typeof APP_EVENTS)[K]> };
}[AppEventName];
