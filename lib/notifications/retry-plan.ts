import "server-only";
/**
 * Inngest's limit on a run's retries: a run makes at most 21 attempts. An approver's email that
 * must go on past them continues in a fresh run.
 */
export const MAX_RUN_RETRIES = 20;

/**
 * What follows a failed delivery attempt:
 * - `retry`: this run tries again after `delayMs`;
 * - `continue`: this run has no retries left, a fresh run tries again after `delayMs`;
 * - `fail`: no more attempts, the delivery ends failed.
 */
export type RetryPlan = { kind: "retry" | "continue"; delayMs: number } | { kind: "fail" };

/**
 * The backoff of a failed attempt. `attempt` is the run's attempt that just failed (0 = the
 * first); `schedule` the waits before each retry (NOTIFY_RETRY_BACKOFF). A run started to go on
 * past the schedule (`continued`) waits the schedule's last interval before every attempt. An
 * `owed` message (an approver's email while its task is pending) is never given up: past the
 * schedule it retries at the last interval, in this run while it has retries left, then in a
 * fresh one.
 */
export function planRetry(input: {
  schedule: readonly number[];
  attempt: number;
  continued: boolean;
  owed: boolean;
}): RetryPlan {
  const { schedule, attempt, continued, owed } = input;
  if (!continued && attempt < schedule.length) return { kind: "retry", delayMs: schedule[attempt] as number };
  if (!owed) return { kind: "fail" };
  const last = schedule[schedule.length - 1] as number;
  return { kind: attempt < MAX_RUN_RETRIES ? "retry" : "continue", delayMs: last };
}
