import "server-only";
import { z } from "zod";

/** Events of the notification pipeline itself (the domain events it reacts to are elsewhere). */
export const NOTIFICATION_EVENTS = {
  /**
   * Deliver one logged message (one recipient × one channel); each is its own run with retries.
   * `waitMs`: a run that goes on with an earlier run's retries (an approver's email past them)
   * waits this long before its first attempt.
   */
  "notification/deliver": z.object({
    tenantId: z.uuid(),
    deliveryId: z.uuid(),
    waitMs: z.number().int().positive().optional(),
  }),
} as const;
