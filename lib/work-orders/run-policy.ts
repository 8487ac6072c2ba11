/**
 * How often an approved order may run, as its template version says (pure; no server imports:
 * the schema, the validation, the order page and `startExecution` share it).
 *
 * - `once`: one execution, whatever its result.
 * - `until_success` (the default): again after a failed, cancelled or timed-out run, never after a success.
 * - `any`: any number of times.
 */
export const RUN_POLICIES = ["once", "until_success", "any"] as const;
export type RunPolicy = (typeof RUN_POLICIES)[number];
export const DEFAULT_RUN_POLICY: RunPolicy = "until_success";

/** What an order's executions so far say, for the policy: did it run at all, did a run succeed. */
export type RunHistory = { ran: boolean; succeeded: boolean };

/** The history of executions with these statuses (any order, any number). */
export function historyOf(statuses: readonly string[]): RunHistory {
  return { ran: statuses.length > 0, succeeded: statuses.includes("succeeded") };
}

/**
 * Why the template's policy refuses another run of this order (an error code), or null when it
 * may run. The one rule behind the order page's Execute / Run again button and `startExecution`
 * (which checks it under the order's row lock, so two concurrent starts cannot both pass).
 */
export function runPolicyRefusal(policy: RunPolicy, history: RunHistory): "work-orders.already_ran" | null {
  if (!history.ran || policy === "any") return null;
  if (policy === "once") return "work-orders.already_ran";
  return history.succeeded ? "work-orders.already_ran" : null;
}

/**
 * How an approved order reads once it ran: `executed` after a successful last run, `rerun` after a
 * failed, cancelled or timed-out one ("Failed — run again"; `run_failed`, plain "Failed", where the
 * policy allows no other run), `running` while one is queued or running; otherwise its own status.
 */
export function shownOrderStatus(
  status: string,
  lastExecutionStatus: string | null | undefined,
  policy?: RunPolicy,
): string {
  if (status !== "approved" || !lastExecutionStatus) return status;
  switch (lastExecutionStatus) {
    case "succeeded":
      return "executed";
    case "failed":
    case "cancelled":
    case "timed_out":
      return policy === "once" ? "run_failed" : "rerun";
    case "queued":
    case "running":
      return "running";
    default:
      return status;
  }
}
