import "server-only";
import { z } from "zod";

/**
 * Events the work-order domain emits after commit (one per thing that happened). Every payload
 * carries `tenantId`; Inngest functions (approval waits, execution, notification fan-out) react.
 */
const base = { tenantId: z.uuid(), orderId: z.uuid() };

export const WORK_ORDER_EVENTS = {
  "work-order/submitted": z.object({ ...base, requesterId: z.uuid() }),
  "approval/requested": z.object({ ...base, taskId: z.uuid(), approverId: z.uuid(), level: z.number().int() }),
  "approval/cc": z.object({ ...base, userId: z.uuid(), level: z.number().int() }),
  "approval/level.opened": z.object({
    ...base,
    level: z.number().int(),
    /** When the level expires (shown to people) and its length (what the waiting function uses). */
    timeoutAt: z.iso.datetime().nullable(),
    timeoutHours: z.number().int().positive().nullable(),
  }),
  "approval/level.closed": z.object({ ...base, level: z.number().int(), outcome: z.string() }),
  "work-order/approved": z.object({ ...base, requesterId: z.uuid() }),
  "work-order/rejected": z.object({ ...base, requesterId: z.uuid(), reason: z.string() }),
  "work-order/expired": z.object({ ...base, requesterId: z.uuid(), level: z.number().int() }),
  "work-order/withdrawn": z.object({ ...base, requesterId: z.uuid() }),
  "approval/urged": z.object({ ...base, approverIds: z.array(z.uuid()) }),
  "work-order/execution.requested": z.object({ ...base, executionId: z.uuid() }),
  "work-order/execution.cancel": z.object({ ...base, executionId: z.uuid() }),
  "work-order/execution.finished": z.object({
    ...base,
    executionId: z.uuid(),
    status: z.enum(["succeeded", "failed", "timed_out", "cancelled"]),
  }),
} as const;

export type WorkOrderEventName = keyof typeof WORK_ORDER_EVENTS;
export type WorkOrderEvent = {
  [K in WorkOrderEventName]: { name: K; data: z.infer<(typeof WORK_ORDER_EVENTS)[K]> };
}[WorkOrderEventName];
