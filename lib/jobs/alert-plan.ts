/**
 * Which alerts a run's end raises (no server imports: pure, so its scenario table is a unit test).
 *
 * The rule. Only **final** runs count: a run superseded by its retry is not final (its retry's end
 * speaks for it), and skipped and cancelled runs are ignored (they neither break nor extend a
 * streak). A run that ended with a retry still coming raises nothing. Otherwise, for the run that
 * just ended, given the previous final runs of the job (newest first) and the job's `JobAlerts`:
 * - `failed`, when it failed and `onFailure` is on;
 * - `timed-out`, when it timed out and `onTimeout` is on;
 * - `failing` (with `failures`, the streak's length), when `consecutive` > 0 and the streak of
 *   final failures and timeouts it ends reaches exactly `consecutive` (said once per streak: the
 *   next failure makes it longer than `consecutive`, and a success ends it);
 * - `recovered`, when it succeeded, `onRecovery` is on, and the streak it ends had alerted: one of
 *   its failures with `onFailure` on, one of its timeouts with `onTimeout` on, or the streak reached
 *   `consecutive` > 0. Judged by the settings as they are now (what was sent is not kept per run).
 * `failed` and `failing` are separate switches: a run can raise both.
 */
import type { JobAlerts, RunStatus } from "./catalog";

/** The longest streak `consecutive` may name; a look back over more final runs than this is not needed. */
export const MAX_ALERT_STREAK = 100;

export type AlertKind = "failed" | "timed-out" | "failing" | "recovered";
export type Alert = { kind: Exclude<AlertKind, "failing"> } | { kind: "failing"; failures: number };

/** A run that just ended: its status, and whether a retry of it is still coming (then it is not final). */
export type EndedRun = { status: RunStatus; retryPending: boolean };

const isFailure = (status: RunStatus) => status === "failed" || status === "timeout";
const counts = (status: RunStatus) => status === "success" || isFailure(status);

/**
 * The alerts of one run's end. `previous`: the job's earlier final runs, newest first (at least
 * `MAX_ALERT_STREAK` of them when there are that many); statuses that do not count are skipped here too.
 */
export function planAlerts(alerts: JobAlerts, run: EndedRun, previous: readonly { status: RunStatus }[]): Alert[] {
  if (run.retryPending || !counts(run.status)) return [];
  const before: RunStatus[] = [];
  for (const p of previous) {
    if (!counts(p.status)) continue;
    if (!isFailure(p.status)) break;
    before.push(p.status);
  }
  const out: Alert[] = [];
  if (run.status === "success") {
    const alerted =
      (alerts.onFailure && before.includes("failed")) ||
      (alerts.onTimeout && before.includes("timeout")) ||
      (alerts.consecutive > 0 && before.length >= alerts.consecutive);
    if (alerts.onRecovery && before.length > 0 && alerted) out.push({ kind: "recovered" });
    return out;
  }
  if (run.status === "failed" && alerts.onFailure) out.push({ kind: "failed" });
  if (run.status === "timeout" && alerts.onTimeout) out.push({ kind: "timed-out" });
  const streak = before.length + 1;
  if (alerts.consecutive > 0 && streak === alerts.consecutive) out.push({ kind: "failing", failures: streak });
  return out;
}
