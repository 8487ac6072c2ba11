import "server-only";
import type { TaskStatus } from "@/db/schema";
import { SafeError } from "@/lib/errors";

const WHY: [TaskStatus, string][] = [
  ["pending", "already approves this level"],
  ["approved", "already approved this level and cannot vote on it twice"],
  ["rejected", "already rejected this level"],
  ["transferred", "already handed this level on and cannot take it back"],
];

/**
 * Whoever already has a task at the order's current level, pending or decided, gets no second
 * one: on a countersign level one person must not stand for two of its approvers.
 */
export function refuseSecondSeat(name: string, statuses: TaskStatus[]): void {
  if (statuses.length === 0) return;
  const why = WHY.find(([status]) => statuses.includes(status))?.[1] ?? "already has a task on this level";
  throw new SafeError(`${name} ${why}: nothing was changed.`, { field: "toUserId" });
}
