import { describe, expect, test } from "vitest";
import { countRuns, getRun, recentRuns, runOutput, runStats } from "@/db/queries/job-runs";
import { jobRunOutput, jobRuns, type RunStatus } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { saveJob } from "@/lib/jobs/save-job";
import type { Actor } from "@/lib/tenants/actor";
import { makeOwner } from "../../support/factory";
import { httpJob } from "./support";

const DAY = 86_400_000;
const NOW = new Date("2027-05-20T12:00:00Z");

type Seed = { status: RunStatus; durationMs?: number | null; at: Date; retryOf?: string; attempt?: number };

/** Runs of a job written as the runner leaves them (one insert each, in the order given). */
async function seedRuns(actor: Actor, jobId: string, seeds: Seed[]): Promise<string[]> {
  return withTenant(actor, async (tx) => {
    const ids: string[] = [];
    for (const s of seeds) {
      const [row] = await tx
        .insert(jobRuns)
        .values({
          jobId,
          version: 1,
          triggerType: s.retryOf ? "retry" : "cron",
          status: s.status,
          attempt: s.attempt ?? 1,
          retryOf: s.retryOf ?? null,
          durationMs: s.durationMs ?? null,
          createdAt: s.at,
          startedAt: s.status === "skipped" ? null : s.at,
          finishedAt: s.status === "skipped" ? null : new Date(s.at.getTime() + (s.durationMs ?? 0)),
        })
        .returning({ id: jobRuns.id });
      if (row) ids.push(row.id);
    }
    return ids;
  });
}

async function jobOf(label: string) {
  const owner = await makeOwner(label);
  const job = await saveJob(owner.actor, httpJob(`Ping ${label}`));
  return { ...owner, jobId: job.id };
}

describe("job runs: the figures the job page draws", () => {
  test("p50 and p95 are durations runs took (nearest rank) over success, failed and timed-out runs; skipped and cancelled ones do not count", async () => {
    const { actor, jobId } = await jobOf("stats");
    // 19 rated runs, 100 ms … 1900 ms, one a minute; the last three failed or timed out.
    const rated: Seed[] = Array.from({ length: 19 }, (_, i) => ({
      status: i === 16 || i === 17 ? "failed" : i === 18 ? "timeout" : "success",
      durationMs: (i + 1) * 100,
      at: new Date(NOW.getTime() - (19 - i) * 60_000),
    }));
    await seedRuns(actor, jobId, [
      ...rated,
      // Neither a success nor a failure: left out of the rate and the durations.
      { status: "cancelled", durationMs: 99_000, at: new Date(NOW.getTime() - 30_000) },
      { status: "skipped", at: new Date(NOW.getTime() - 20_000) },
      { status: "running", at: new Date(NOW.getTime() - 10_000) },
    ]);
    const stats = await withTenant(actor, (tx) => runStats(tx, jobId, { timeZone: "UTC", now: NOW }));
    expect(stats).toMatchObject({ rated: 19, succeeded: 16, p50: 1000, p95: 1900 });
    expect(stats.rate).toBeCloseTo(16 / 19, 10);

    // Over the last 5 rated runs only (1500 … 1900 ms: two successes).
    const last5 = await withTenant(actor, (tx) => runStats(tx, jobId, { timeZone: "UTC", now: NOW, window: 5 }));
    expect(last5).toMatchObject({ rated: 5, succeeded: 2, p50: 1700, p95: 1900 });
    // Every run counts in the history's total, skipped ones too.
    expect(await withTenant(actor, (tx) => countRuns(tx, jobId))).toBe(22);
  });

  test("the success rate per day follows the given zone's calendar days, oldest first, with gaps for days without a run", async () => {
    const { actor, jobId } = await jobOf("daily");
    await seedRuns(actor, jobId, [
      // 2027-05-18 in Shanghai (UTC+8): 23:30 on the 17th UTC is already the 18th there.
      { status: "success", durationMs: 10, at: new Date("2027-05-17T16:30:00Z") },
      { status: "failed", durationMs: 10, at: new Date("2027-05-17T17:00:00Z") },
      // 2027-05-20 there.
      { status: "success", durationMs: 10, at: new Date("2027-05-20T01:00:00Z") },
      // Outside the window of 7 days.
      { status: "failed", durationMs: 10, at: new Date(NOW.getTime() - 30 * DAY) },
    ]);
    const { daily } = await withTenant(actor, (tx) =>
      runStats(tx, jobId, { timeZone: "Asia/Shanghai", now: NOW, days: 7 }),
    );
    expect(daily.map((d) => d.day)).toEqual([
      "2027-05-14",
      "2027-05-15",
      "2027-05-16",
      "2027-05-17",
      "2027-05-18",
      "2027-05-19",
      "2027-05-20",
    ]);
    expect(daily.find((d) => d.day === "2027-05-18")).toEqual({ day: "2027-05-18", rated: 2, succeeded: 1, rate: 0.5 });
    expect(daily.find((d) => d.day === "2027-05-20")).toMatchObject({ rated: 1, rate: 1 });
    expect(daily.find((d) => d.day === "2027-05-17")).toMatchObject({ rated: 0, rate: null });
  });

  test("a job with no finished run has no rate and no percentiles", async () => {
    const { actor, jobId } = await jobOf("empty");
    await seedRuns(actor, jobId, [{ status: "pending", at: NOW }]);
    const stats = await withTenant(actor, (tx) => runStats(tx, jobId, { timeZone: "UTC", now: NOW }));
    expect(stats).toMatchObject({ rated: 0, succeeded: 0, rate: null, p50: null, p95: null });
    expect(stats.daily).toHaveLength(14);
  });

  test("the list's recent runs: per job, the last N that ran or run, oldest first, skipped fires left out", async () => {
    const { actor, jobId } = await jobOf("recent");
    const other = await saveJob(actor, httpJob("Other"));
    const at = (m: number) => new Date(NOW.getTime() + m * 60_000);
    await seedRuns(actor, jobId, [
      { status: "failed", durationMs: 5, at: at(1) },
      { status: "success", durationMs: 5, at: at(2) },
      { status: "skipped", at: at(3) },
      { status: "timeout", durationMs: 5, at: at(4) },
      { status: "running", at: at(5) },
    ]);
    const recent = await withTenant(actor, (tx) => recentRuns(tx, [jobId, other.id], 3));
    expect(recent.get(jobId)?.map((r) => r.status)).toEqual(["success", "timeout", "running"]);
    expect(recent.get(other.id)).toEqual([]);
  });
});

describe("job runs: one run, its links and its output", () => {
  test("a run names the run it retries and the run that retried it; output reads in order after a sequence number", async () => {
    const { actor, jobId } = await jobOf("retry");
    const [first] = await seedRuns(actor, jobId, [{ status: "failed", durationMs: 50, at: NOW }]);
    const [second] = await seedRuns(actor, jobId, [
      { status: "success", durationMs: 40, at: new Date(NOW.getTime() + 60_000), retryOf: first, attempt: 2 },
    ]);
    if (!first || !second) throw new Error("no runs seeded");
    await withTenant(actor, (tx) =>
      tx.insert(jobRunOutput).values([
        { runId: second, seq: 0, stream: "stdout", line: "one" },
        { runId: second, seq: 1, stream: "stderr", line: "two" },
        { runId: second, seq: 2, stream: "system", line: "three" },
      ]),
    );
    const a = await withTenant(actor, (tx) => getRun(tx, first));
    expect(a?.job).toMatchObject({ id: jobId, type: "http" });
    expect(a?.retriedBy).toEqual({ id: second, attempt: 2, status: "success" });
    const b = await withTenant(actor, (tx) => getRun(tx, second));
    expect(b?.run.retryOf).toBe(first);
    expect(b?.retriedBy).toBeNull();
    const lines = await withTenant(actor, (tx) => runOutput(tx, second, 0));
    expect(lines).toEqual([
      { seq: 1, stream: "stderr", line: "two" },
      { seq: 2, stream: "system", line: "three" },
    ]);
  });

  test("another tenant's run is not found, and its output and figures read as nothing", async () => {
    const mine = await jobOf("mine");
    const theirs = await jobOf("theirs");
    const [run] = await seedRuns(theirs.actor, theirs.jobId, [{ status: "success", durationMs: 70, at: NOW }]);
    if (!run) throw new Error("no run seeded");
    await withTenant(theirs.actor, (tx) =>
      tx.insert(jobRunOutput).values({ runId: run, seq: 0, stream: "stdout", line: "secret-ish" }),
    );
    expect(await withTenant(theirs.actor, (tx) => getRun(tx, run))).not.toBeNull();
    expect(await withTenant(mine.actor, (tx) => getRun(tx, run))).toBeNull();
    expect(await withTenant(mine.actor, (tx) => runOutput(tx, run, -1))).toEqual([]);
    expect(await withTenant(mine.actor, (tx) => countRuns(tx, theirs.jobId))).toBe(0);
    const stats = await withTenant(mine.actor, (tx) => runStats(tx, theirs.jobId, { timeZone: "UTC", now: NOW }));
    expect(stats.rated).toBe(0);
    expect((await withTenant(mine.actor, (tx) => recentRuns(tx, [theirs.jobId]))).get(theirs.jobId)).toEqual([]);
  });
});
