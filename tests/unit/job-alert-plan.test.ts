/**
 * A job's alert decisions (lib/jobs/alert-plan.ts) as a scenario table: the job's alert settings ×
 * its previous final runs × how the run that just ended ended → the alerts sent.
 */
import { describe, expect, it } from "vitest";
import { type Alert, planAlerts } from "@/lib/jobs/alert-plan";
import { DEFAULT_JOB_ALERTS, type JobAlerts, type RunStatus } from "@/lib/jobs/catalog";

const STATUS: Record<string, RunStatus> = { S: "success", F: "failed", T: "timeout", C: "cancelled", K: "skipped" };
const runs = (history: string) => [...history.replaceAll(" ", "")].map((c) => ({ status: STATUS[c] as RunStatus }));
const said = (alerts: Alert[]) =>
  alerts.map((a) => (a.kind === "failing" ? `failing:${a.failures}` : a.kind)).join(" ") || "nothing";

const SILENT: JobAlerts = { channelIds: [], onFailure: false, onTimeout: false, consecutive: 0, onRecovery: true };
const SETTINGS: Record<string, JobAlerts> = {
  defaults: DEFAULT_JOB_ALERTS, // on failure, on timeout, on recovery; no streak
  "streak 3": { ...DEFAULT_JOB_ALERTS, consecutive: 3 },
  "only streak 3": { ...SILENT, consecutive: 3 },
  "only timeout": { ...DEFAULT_JOB_ALERTS, onFailure: false },
  "no recovery": { ...DEFAULT_JOB_ALERTS, onRecovery: false },
  silent: SILENT, // recovery on, but nothing before it alerts
  "streak 1": { ...SILENT, consecutive: 1 },
};

describe("the alerts of a run's end", () => {
  // [settings (SETTINGS), previous final runs (oldest first), the run's end, retry still coming, alerts]
  it.each([
    // A final failure or timeout, each by its own switch.
    ["defaults", "", "F", false, "failed"],
    ["defaults", "S S", "T", false, "timed-out"],
    ["defaults", "S", "S", false, "nothing"],
    ["only timeout", "", "F", false, "nothing"],
    ["only timeout", "", "T", false, "timed-out"],
    // A retry still coming: the attempt is not final, whatever it was.
    ["defaults", "", "F", true, "nothing"],
    ["defaults", "", "T", true, "nothing"],
    ["streak 3", "F F", "F", true, "nothing"],
    // Cancelled and skipped runs raise nothing, and do not break a streak.
    ["defaults", "F", "C", false, "nothing"],
    ["defaults", "F", "K", false, "nothing"],
    ["streak 3", "F C F K", "T", false, "timed-out failing:3"],
    // The streak is said once, when it reaches exactly `consecutive` (timeouts count).
    ["streak 3", "S F", "F", false, "failed"],
    ["streak 3", "S F F", "F", false, "failed failing:3"],
    ["streak 3", "F T", "F", false, "failed failing:3"],
    ["streak 3", "F F F", "F", false, "failed"],
    ["only streak 3", "S F F", "F", false, "failing:3"],
    ["only streak 3", "F F F", "F", false, "nothing"],
    ["only streak 3", "F F S F", "F", false, "nothing"],
    ["streak 1", "S", "F", false, "failing:1"],
    ["streak 1", "F", "F", false, "nothing"],
    // Recovery: a success after a streak that alerted.
    ["defaults", "S F", "S", false, "recovered"],
    ["defaults", "T", "S", false, "recovered"],
    ["defaults", "F C", "S", false, "recovered"],
    ["defaults", "F S", "S", false, "nothing"],
    ["no recovery", "F", "S", false, "nothing"],
    ["only timeout", "F", "S", false, "nothing"], // the failure said nothing
    ["only timeout", "T F", "S", false, "recovered"], // its timeout did
    ["only streak 3", "F F", "S", false, "nothing"],
    ["only streak 3", "F F F", "S", false, "recovered"],
    ["only streak 3", "F F F F", "S", false, "recovered"],
    ["silent", "F T", "S", false, "nothing"],
  ] as const)("%s: after [%s] a run %s (retry coming: %s) → %s", (name, history, end, retryPending, expected) => {
    const previous = runs(history).reverse(); // newest first
    expect(
      said(planAlerts(SETTINGS[name] as JobAlerts, { status: STATUS[end] as RunStatus, retryPending }, previous)),
    ).toBe(expected);
  });
});
