import { existsSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { asc, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { eventOutbox, jobRuns } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { renderStored } from "@/lib/i18n/translate";
import { cancelRun } from "@/lib/jobs/cancel-run";
import { reconcileRuns } from "@/lib/jobs/reconcile-runs";
import { requestRun } from "@/lib/jobs/request-run";
import { saveJob } from "@/lib/jobs/save-job";
import { setJobEnabled } from "@/lib/jobs/set-job-enabled";
import type { Actor } from "@/lib/tenants/actor";
import { makeOwner } from "../../support/factory";
import { appExecutor } from "../inngest/app-executor";
import { jobInput } from "./support";

// "Run now", cancel and retries on the embedded executor (the manual clock jumps retry intervals).
const app = appExecutor({ withoutCron: true });
beforeAll(app.start);
afterAll(app.stop);

const shellJob = (actor: Actor, command: string, extra: Record<string, unknown> = {}) =>
  saveJob(
    actor,
    jobInput({
      name: `Job ${Math.random().toString(36).slice(2, 8)}`,
      config: { type: "shell", command, timeoutMs: 30_000 },
      ...extra,
    }),
  );
const runsOf = (actor: Actor, jobId: string) =>
  withTenant(actor, (tx) =>
    tx.select().from(jobRuns).where(eq(jobRuns.jobId, jobId)).orderBy(asc(jobRuns.createdAt), asc(jobRuns.attempt)),
  );
const statusOf = async (actor: Actor, runId: string) =>
  (await withTenant(actor, (tx) => tx.select().from(jobRuns).where(eq(jobRuns.id, runId))))[0]?.status;

describe("Run now", () => {
  test("runs the current version with the given parameters, the others at their defaults", async () => {
    const { actor } = await makeOwner();
    const job = await shellJob(actor, 'test "{Host}-{Port}" = "db1-5432"', {
      parameters: [
        { name: "Host", default: "localhost" },
        { name: "Port", default: "5432" },
      ],
    });
    const { runId } = await requestRun(actor, { jobId: job.id, params: { Host: "db1" } });
    await app.settle();
    const [run] = await runsOf(actor, job.id);
    expect(run).toMatchObject({
      id: runId,
      status: "success",
      triggerType: "manual",
      params: { Host: "db1", Port: "5432" },
    });
  });

  test("a parameter the job does not declare, or a disabled job, is refused and writes nothing", async () => {
    const { actor } = await makeOwner();
    const job = await shellJob(actor, "true", { parameters: [{ name: "Host", default: "a" }] });
    await expect(requestRun(actor, { jobId: job.id, params: { Hots: "b" } })).rejects.toMatchObject({
      code: "jobs.unknown_parameter",
    });
    await setJobEnabled(actor, { id: job.id, enabled: false });
    await expect(requestRun(actor, { jobId: job.id, params: {} })).rejects.toMatchObject({
      code: "jobs.job_disabled",
    });
    expect(await runsOf(actor, job.id)).toHaveLength(0);
  });

  test("another tenant can neither run the job nor cancel its run", async () => {
    const { actor } = await makeOwner();
    const other = await makeOwner("other");
    const job = await shellJob(actor, "true");
    const { runId } = await requestRun(actor, { jobId: job.id, params: {} });
    await expect(requestRun(other.actor, { jobId: job.id, params: {} })).rejects.toMatchObject({
      code: "jobs.job_not_found",
    });
    await expect(cancelRun(other.actor, { runId })).rejects.toMatchObject({
      code: "jobs.run_not_found",
    });
    await app.settle();
    expect(await statusOf(actor, runId)).toBe("success");
  });
});

describe("cancel", () => {
  test("a running shell run is stopped: its process group is killed and the run ends cancelled", async () => {
    const { actor } = await makeOwner();
    const gate = `/tmp/opsdesk-cancel-${Math.random().toString(36).slice(2)}`;
    const marker = `${gate}.after`;
    await writeFile(gate, "");
    const job = await shellJob(actor, `while [ -e ${gate} ]; do sleep 0.05; done; touch ${marker}`);
    const { runId } = await requestRun(actor, { jobId: job.id, params: {} });
    const draining = app.settle();
    for (let i = 0; i < 200 && (await statusOf(actor, runId)) !== "running"; i++)
      await new Promise((r) => setTimeout(r, 25));
    expect(await cancelRun(actor, { runId })).toEqual({ status: "running" });
    await draining;
    expect(await statusOf(actor, runId)).toBe("cancelled");
    // The loop was killed: removing the gate now lets nothing run on.
    await rm(gate, { force: true });
    await new Promise((r) => setTimeout(r, 300));
    expect(existsSync(marker)).toBe(false);
    await expect(cancelRun(actor, { runId })).rejects.toMatchObject({
      code: "jobs.run_already_ended",
    });
  });

  test("a pending run is cancelled at once and never starts", async () => {
    const { actor } = await makeOwner();
    const job = await shellJob(actor, "true");
    const { runId } = await requestRun(actor, { jobId: job.id, params: {} });
    expect(await cancelRun(actor, { runId })).toEqual({ status: "cancelled" });
    await app.settle();
    const [run] = await runsOf(actor, job.id);
    expect(run).toMatchObject({ status: "cancelled", startedAt: null });
  });
});

describe("retries", () => {
  test("a failing job is retried as runs of their own, attempt by attempt at growing intervals, and alerts once, after the last", async () => {
    const { actor } = await makeOwner();
    const job = await shellJob(actor, "echo nope >&2; exit 3", {
      retries: { count: 2, interval: "exponential", baseMs: 60_000 },
    });
    await requestRun(actor, { jobId: job.id, params: {} });
    await app.settle(10 * 60_000);
    const runs = await runsOf(actor, job.id);
    expect(runs.map((r) => [r.status, r.triggerType, r.attempt])).toEqual([
      ["failed", "manual", 1],
      ["failed", "retry", 2],
      ["failed", "retry", 3],
    ]);
    expect(runs[1]?.retryOf).toBe(runs[0]?.id);
    expect(runs[2]?.retryOf).toBe(runs[1]?.id);
    // 1 min, then 2 min (exponential) between the attempts.
    const gap = (a?: Date | null, b?: Date | null) => Math.round(((b?.getTime() ?? 0) - (a?.getTime() ?? 0)) / 60_000);
    expect(gap(runs[0]?.finishedAt, runs[1]?.startedAt)).toBe(1);
    expect(gap(runs[1]?.finishedAt, runs[2]?.startedAt)).toBe(2);
    expect(renderStored("en", runs[2]?.error ?? "")).not.toBe("");
    const [failed] = await withTenant(actor, (tx) =>
      tx.select({ n: count() }).from(eventOutbox).where(eq(eventOutbox.name, "job/run.failed")),
    );
    expect(failed?.n).toBe(1);
  });

  test("a retry waiting a long interval is not closed as never started by the reconciler; it runs when its wait is over", async () => {
    const { actor } = await makeOwner();
    const job = await shellJob(actor, "exit 3", { retries: { count: 1, interval: "fixed", baseMs: 40 * 60_000 } });
    await requestRun(actor, { jobId: job.id, params: {} });
    await app.settle();
    // 20 minutes into its 40-minute wait: older than the reconciler's limit for a pending run.
    app.clock.set(app.clock.now() + 20 * 60_000);
    expect(await reconcileRuns({ tenantIds: [actor.tenantId] })).toMatchObject({ closed: 0 });
    await app.settle(30 * 60_000);
    const runs = await runsOf(actor, job.id);
    expect(runs.map((r) => [r.status, r.triggerType, r.attempt])).toEqual([
      ["failed", "manual", 1],
      ["failed", "retry", 2],
    ]);
    expect(Math.round(((runs[1]?.startedAt?.getTime() ?? 0) - (runs[0]?.finishedAt?.getTime() ?? 0)) / 60_000)).toBe(
      40,
    );
  });
});
