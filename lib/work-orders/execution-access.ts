import "server-only";
import { can, type Holder } from "@/lib/permissions";

/**
 * Who reads an execution and its output: whoever requested the order, whoever ran it, and members
 * with the right to see everyone's (admins and the owner). Output can carry what a deploy printed
 * about hosts and credentials, so it is not for every member of the tenant.
 */
export function seesAllExecutions(actor: Holder): boolean {
  return can(actor, "executions.all");
}

export function mayReadExecution(
  actor: Holder & { userId: string },
  execution: { requesterId: string; executorId: string },
): boolean {
  return seesAllExecutions(actor) || execution.requesterId === actor.userId || execution.executorId === actor.userId;
}
