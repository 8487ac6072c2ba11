import { afterEach, expect, test, vi } from "vitest";
import { MAX_RUN_RETRIES, planRetry } from "@/lib/notifications/retry-plan";

const MIN = 60_000;
const schedule = [MIN, 5 * MIN, 15 * MIN, 60 * MIN];

test("a failed delivery retries on the schedule, then gives up, unless it is owed", () => {
  const plan = (attempt: number, owed = false, continued = false) => planRetry({ schedule, attempt, owed, continued });
  expect([0, 1, 2, 3].map((a) => plan(a))).toEqual(schedule.map((delayMs) => ({ kind: "retry", delayMs })));
  expect(plan(4)).toEqual({ kind: "fail" });
  // An approver's email while its task is pending: hourly, then a fresh run once this one may not retry.
  expect(plan(4, true)).toEqual({ kind: "retry", delayMs: 60 * MIN });
  expect(plan(MAX_RUN_RETRIES - 1, true)).toEqual({ kind: "retry", delayMs: 60 * MIN });
  expect(plan(MAX_RUN_RETRIES, true)).toEqual({ kind: "continue", delayMs: 60 * MIN });
  // The fresh run is past the schedule from its first attempt.
  expect(plan(0, true, true)).toEqual({ kind: "retry", delayMs: 60 * MIN });
  expect(plan(0, false, true)).toEqual({ kind: "fail" });
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

test("NOTIFY_RETRY_BACKOFF defaults to 1m,5m,15m,1h and refuses what is not a list of durations", async () => {
  vi.stubEnv("NOTIFY_RETRY_BACKOFF", undefined);
  expect((await import("@/env")).env.NOTIFY_RETRY_BACKOFF).toEqual(schedule);
  vi.resetModules();
  vi.stubEnv("NOTIFY_RETRY_BACKOFF", "30s, 2m,1d");
  expect((await import("@/env")).env.NOTIFY_RETRY_BACKOFF).toEqual([30_000, 2 * MIN, 86_400_000]);
  for (const bad of ["", "5", "1m,,5m", "0s", "1w", Array(21).fill("1m").join(",")]) {
    vi.resetModules();
    vi.stubEnv("NOTIFY_RETRY_BACKOFF", bad);
    await expect(import("@/env")).rejects.toThrow("NOTIFY_RETRY_BACKOFF: expected 1 to 20 comma-separated durations");
  }
});
