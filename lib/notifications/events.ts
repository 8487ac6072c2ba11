import { z } from "zod";

/** Events of the notification pipeline itself (the domain events it reacts to are elsewhere). */
export const NOTIFICATION_EVENTS = {
  /** Deliver one logged message (one recipient × one channel); each is its own run with retries. */
  "notification/deliver": z.object({ tenantId: z.uuid(), deliveryId: z.uuid() }),
} as const;
