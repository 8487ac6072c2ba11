import "server-only";
import type { TaskStatus } from "@/db/schema";
import { SafeError } from "@/lib/errors";

const WHY: [TaskStatus, string][] = [
  ["pending", "approvals.seat_pending"],
  ["approved", "approvals.seat_approved"],
  ["rejected", "approvals.seat_rejected"],
  ["transferred", "approvals.seat_transferred"],
];

/**
 * Whoever already has a task at the order's current level, pending or decided, gets no second
 * one: on a countersign level one person must not stand for two of its approvers.
 */
export function refuseSecondSeat(name: string, statuses: TaskStatus[]): void {
  if (statuses.length === 0) return;
  const code = WHY.find(([status]) => statuses.includes(status))?.[1] ?? "approvals.seat_taken";
  throw new SafeError(code, { params: { name }, field: "toUserId" });
}
