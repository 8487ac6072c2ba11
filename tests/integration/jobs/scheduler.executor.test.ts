import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { database } from "@/db/client";
import { eventOutbox, inngestRuns, jobRuns, jobSchedules } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { dispatched } from "@/lib/events/publish";
import { relayOutbox } from "@/lib/events/relay";
import { renderStored } from "@/lib/i18n/translate";
import { pauseSchedule } from "@/lib/jobs/pause-schedule";
import { reconcileRuns } from "@/lib/jobs/reconcile-runs";
import { saveJob } from "@/lib/jobs/save-job";
import { saveSchedule } from "@/lib/jobs/save-schedule";
import { claimDueSchedules } from "@/lib/jobs/tick";
import type { Actor } from "@/lib/tenants/actor";
import { makeOwner } from "../../support/factory";
import { appExecutor } from "../inngest/app-executor";
import { jobInput, scheduleInput } from "./support";

// The scheduler on the embedded executor with its manual clock (also the domain's clock): each
// test moves the clock and calls the tick's claim for its own tenant (other files' schedules are
// theirs), and the executor runs what it sent.
const app = appExecutor({ withoutCron: true });
beforeAll(app.start);
afterAll(app.stop);

const MIN = 60_000;
const HOUR = 60 * MIN;
/**
 * Each test starts at a round hour after the previous one's (the executor's clock only moves
 * forward): `START` is set by `beforeEach`.
 */
let START = 0;
beforeEach(() => {
  START = Math.ceil((app.clock.now() + HOUR) / HOUR) * HOUR;
});

async function jobWithSchedule(
  actor: Actor,
  opts: { cron?: string; command?: string; schedule?: Record<string, unknown>; job?: Record<string, unknown> } = {},
) {
  const job = await saveJob(
    actor,
    jobInput({
      name: `Job ${Math.random().toString(36).slice(2, 8)}`,
      config: { type: "shell", command: opts.command ?? "echo ran", timeoutMs: 30_000 },
      ...opts.job,
    }),
  );
  const schedule = await saveSchedule(
    actor,
    scheduleInput({ jobId: job.id, cron: opts.cron ?? "* * * * *", timeZone: "UTC", ...opts.schedule }),
  );
  return { jobId: job.id, scheduleId: schedule.id };
}

const tick = async (actor: Actor) => {
  const result = await claimDueSchedules({ tenantIds: [actor.tenantId] });
  await dispatched();
  return result;
};

const runsOf = (actor: Actor, scheduleId: string) =>
  withTenant(actor, (tx) =>
    tx
      .select()
      .from(jobRuns)
      .where(eq(jobRuns.scheduleId, scheduleId))
      .orderBy(asc(jobRuns.fireAt), asc(jobRuns.createdAt)),
  );
const countBy = (runs: { status: string }[]) =>
  runs.reduce<Record<string, number>>((out, r) => {
    out[r.status] = (out[r.status] ?? 0) + 1;
    return out;
  }, {});
const scheduleRow = async (actor: Actor, id: string) =>
  (await withTenant(actor, (tx) => tx.select().from(jobSchedules).where(eq(jobSchedules.id, id))))[0];

describe("the scheduler tick", () => {
  test("a due schedule fires once per minute: one JobLog per fire, run by the executor, and next_fire_at moves on", async () => {
    app.clock.set(START);
    const { actor } = await makeOwner();
    const { scheduleId } = await jobWithSchedule(actor);
    expect((await scheduleRow(actor, scheduleId))?.nextFireAt?.getTime()).toBe(START + MIN);
    app.clock.set(START + MIN + 1_500);
    expect(await tick(actor)).toMatchObject({ claimed: 1, fired: 1 });
    expect(await tick(actor)).toMatchObject({ claimed: 0, fired: 0 }); // the same minute again: nothing due
    await app.settle();
    const runs = await runsOf(actor, scheduleId);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: "success", triggerType: "cron", version: 1, attempt: 1 });
    expect(runs[0]?.fireAt?.getTime()).toBe(START + MIN);
    expect((await scheduleRow(actor, scheduleId))?.nextFireAt?.getTime()).toBe(START + 2 * MIN);
  });

  test("a fault between the claim and the event loses nothing: the fire is written, its event waits in the outbox, and after the restart it runs exactly once", async () => {
    app.clock.set(START);
    const { actor } = await makeOwner();
    const { scheduleId } = await jobWithSchedule(actor);
    app.clock.set(START + MIN);
    // The server stops after the claim committed and before its event reached Inngest.
    await app.stop();
    try {
      // The send fails: the executor is gone (and so is its clock: the claim is told the time).
      await claimDueSchedules({ tenantIds: [actor.tenantId], now: new Date(START + MIN) });
      await dispatched();
    } finally {
      await app.start();
    }
    const [stored] = await withTenant(actor, (tx) =>
      tx.select().from(eventOutbox).where(eq(eventOutbox.name, "job/run.requested")),
    );
    expect(stored?.sentAt).toBeNull();
    expect((await scheduleRow(actor, scheduleId))?.nextFireAt?.getTime()).toBe(START + 2 * MIN);
    // The restart: the relay sends what the outbox holds; a second relay and a second tick of the
    // same minute add nothing (the event id is the run id, the run is unique per fire).
    await relayOutbox({ olderThanMs: 0, tenantIds: [actor.tenantId] });
    await relayOutbox({ olderThanMs: 0, tenantIds: [actor.tenantId] });
    await withTenant(actor, (tx) =>
      tx
        .update(eventOutbox)
        .set({ sentAt: null })
        .where(eq(eventOutbox.id, stored?.id ?? "")),
    );
    await relayOutbox({ olderThanMs: 0, tenantIds: [actor.tenantId] });
    await tick(actor);
    await app.settle();
    const runs = await runsOf(actor, scheduleId);
    expect(runs.map((r) => r.status)).toEqual(["success"]);
    const { db } = await database();
    const started = await db
      .select()
      .from(inngestRuns)
      .where(eq(inngestRuns.eventId, runs[0]?.id ?? ""));
    expect(started).toHaveLength(1);
  });

  test("two ticks at once write one JobLog per fire and send each run once", async () => {
    app.clock.set(START);
    const { actor } = await makeOwner();
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push((await jobWithSchedule(actor, { command: "true" })).scheduleId);
    app.clock.set(START + MIN + 500);
    const [a, b] = await Promise.all([
      claimDueSchedules({ tenantIds: [actor.tenantId] }),
      claimDueSchedules({ tenantIds: [actor.tenantId] }),
    ]);
    expect((a?.fired ?? 0) + (b?.fired ?? 0)).toBe(30);
    await app.settle();
    const runs = await withTenant(actor, (tx) => tx.select().from(jobRuns));
    expect(runs).toHaveLength(30);
    expect(new Set(runs.map((r) => r.scheduleId)).size).toBe(30);
    expect(runs.every((r) => r.status === "success")).toBe(true);
    const events = await withTenant(actor, (tx) =>
      tx.select().from(eventOutbox).where(eq(eventOutbox.name, "job/run.requested")),
    );
    expect(events).toHaveLength(30);
  });
});

describe("a 3-hour outage, by misfire policy (every 10 minutes: 18 fires missed)", () => {
  const cases = [
    { misfire: { kind: "skip" }, runs: 0, skipped: 18, reason: /skips missed fires/ },
    { misfire: { kind: "fire_once" }, runs: 1, skipped: 17, reason: /one catch-up run for all of them/ },
    { misfire: { kind: "fire_all", cap: 5 }, runs: 5, skipped: 13, reason: /beyond the 5 catch-up runs/ },
    { misfire: { kind: "fire_all" }, runs: 18, skipped: 0, reason: null },
  ] as const;
  for (const c of cases)
    test(`${c.misfire.kind}${"cap" in c.misfire ? ` (cap ${c.misfire.cap})` : ""}: ${c.runs} run(s), ${c.skipped} skipped`, async () => {
      app.clock.set(START);
      const { actor } = await makeOwner();
      const { scheduleId } = await jobWithSchedule(actor, {
        cron: "*/10 * * * *",
        command: "true",
        schedule: { misfire: c.misfire, overlap: { kind: "allow_n", limit: 100 } },
      });
      // Down from 08:00 to 11:00 and a bit: the fires 08:10 … 11:00 were due while nothing ticked.
      app.clock.set(START + 3 * HOUR + 30_000 + 3 * MIN);
      await tick(actor);
      await app.settle();
      const runs = await runsOf(actor, scheduleId);
      expect(runs).toHaveLength(18);
      const counts = countBy(runs);
      expect(counts.success ?? 0).toBe(c.runs);
      expect(counts.skipped ?? 0).toBe(c.skipped);
      if (c.reason) {
        const skipped = runs.find((r) => r.status === "skipped");
        expect(renderStored("en", skipped?.reason ?? "")).toMatch(c.reason);
      }
      // The next fire is the first one after now, 11:10.
      expect((await scheduleRow(actor, scheduleId))?.nextFireAt?.getTime()).toBe(START + 3 * HOUR + 10 * MIN);
    });
});

describe("overlap with a long-running job", () => {
  /** A run that holds until the test removes its gate file. */
  const gated = (gate: string) => `while [ -e ${gate} ]; do sleep 0.05; done; echo done`;

  for (const c of [
    { overlap: { kind: "skip" }, second: "skipped", third: "skipped", after: ["success", "skipped", "skipped"] },
    { overlap: { kind: "buffer_one" }, second: "pending", third: "skipped", after: ["success", "success", "skipped"] },
    {
      overlap: { kind: "allow_n", limit: 2 },
      second: "running",
      third: "skipped",
      after: ["success", "success", "skipped"],
    },
  ] as const)
    test(`${c.overlap.kind}: the fire during the run is ${c.second}, the next ${c.third}`, async () => {
      const gate = `/tmp/opsdesk-gate-${Math.random().toString(36).slice(2)}`;
      await import("node:fs/promises").then((fs) => fs.writeFile(gate, ""));
      app.clock.set(START);
      const { actor } = await makeOwner();
      const { scheduleId } = await jobWithSchedule(actor, { command: gated(gate), schedule: { overlap: c.overlap } });
      const statuses = async () => (await runsOf(actor, scheduleId)).map((r) => r.status);
      const until = async (want: (s: string[]) => boolean) => {
        for (let i = 0; i < 200 && !want(await statuses()); i++) await new Promise((r) => setTimeout(r, 50));
        return statuses();
      };
      const draining = (async () => {
        app.clock.set(START + MIN);
        await tick(actor);
        await app.executor.drain();
      })();
      expect(await until((s) => s[0] === "running")).toEqual(["running"]);
      app.clock.set(START + 2 * MIN);
      await tick(actor);
      const drainingSecond = app.executor.drain();
      const second = await until((s) => s.length === 2 && (c.second !== "running" || s[1] === "running"));
      expect(second[1]).toBe(c.second);
      app.clock.set(START + 3 * MIN);
      await tick(actor);
      expect((await statuses())[2]).toBe(c.third);
      await import("node:fs/promises").then((fs) => fs.rm(gate, { force: true }));
      await draining;
      await drainingSecond;
      await app.settle();
      expect(await statuses()).toEqual(c.after);
      const skipped = (await runsOf(actor, scheduleId)).filter((r) => r.status === "skipped");
      for (const r of skipped) expect(renderStored("en", r.reason ?? "")).not.toBe("");
    });
});

describe("pause", () => {
  test("a paused schedule does not fire, and fires again after paused_until", async () => {
    app.clock.set(START);
    const { actor } = await makeOwner();
    const { scheduleId } = await jobWithSchedule(actor, { command: "true", cron: "*/5 * * * *" });
    await pauseSchedule(actor, { id: scheduleId, until: new Date(START + HOUR) });
    for (let t = START + 5 * MIN; t < START + HOUR; t += 5 * MIN) {
      app.clock.set(t + 1_000);
      await tick(actor);
    }
    expect(await runsOf(actor, scheduleId)).toHaveLength(0);
    app.clock.set(START + HOUR + 1_000);
    await tick(actor);
    await app.settle();
    const runs = await runsOf(actor, scheduleId);
    expect(runs.map((r) => [r.status, r.fireAt?.getTime()])).toEqual([["success", START + HOUR]]);
  });
});

describe("the reconciler", () => {
  test("an enabled schedule that lost its next_fire_at is armed again, with an alert event, and then fires", async () => {
    app.clock.set(START);
    const { actor } = await makeOwner();
    const { scheduleId, jobId } = await jobWithSchedule(actor, { command: "true" });
    // What a transient database error once left behind at Windmill: enabled, nothing armed.
    await withTenant(actor, (tx) =>
      tx.update(jobSchedules).set({ nextFireAt: null }).where(eq(jobSchedules.id, scheduleId)),
    );
    app.clock.set(START + 30_000);
    expect(await reconcileRuns({ tenantIds: [actor.tenantId] })).toMatchObject({ rearmed: 1 });
    expect((await scheduleRow(actor, scheduleId))?.nextFireAt?.getTime()).toBe(START + MIN);
    const [alert] = await withTenant(actor, (tx) =>
      tx.select().from(eventOutbox).where(eq(eventOutbox.name, "job/schedule.rearmed")),
    );
    expect(alert?.data).toMatchObject({ jobId, scheduleId });
    app.clock.set(START + MIN + 1_000);
    await tick(actor);
    await app.settle();
    expect((await runsOf(actor, scheduleId)).map((r) => r.status)).toEqual(["success"]);
  });

  test("a run left running by a server that died is closed as failed, and its retry runs", async () => {
    app.clock.set(START);
    const { actor } = await makeOwner();
    const { scheduleId } = await jobWithSchedule(actor, {
      command: "true",
      job: { retries: { count: 1, interval: "fixed", baseMs: 60_000 } },
    });
    app.clock.set(START + MIN);
    await claimDueSchedules({ tenantIds: [actor.tenantId] }); // sent, not run yet
    const [run] = await runsOf(actor, scheduleId);
    // As if a server (gone now) had claimed it and died mid-call.
    await withTenant(actor, (tx) =>
      tx
        .update(jobRuns)
        .set({ status: "running", runner: "gone-host:4194000", heartbeatAt: new Date(Date.now() - 10 * MIN) })
        .where(and(eq(jobRuns.id, run?.id ?? ""))),
    );
    expect(await reconcileRuns({ tenantIds: [actor.tenantId] })).toMatchObject({ closed: 1 });
    await app.settle(5 * MIN);
    const runs = await runsOf(actor, scheduleId);
    expect(runs.map((r) => [r.status, r.triggerType, r.attempt])).toEqual([
      ["failed", "cron", 1],
      ["success", "retry", 2],
    ]);
    expect(renderStored("en", runs[0]?.error ?? "")).toMatch(/interrupted/i);
  });
});

describe("parameters", () => {
  test("a cron fire of a job with parameters runs with their defaults, and its run records them", async () => {
    app.clock.set(START);
    const { actor } = await makeOwner();
    const { scheduleId } = await jobWithSchedule(actor, {
      command: "test {Region} = eu-west",
      job: { parameters: [{ name: "Region", default: "eu-west" }] },
    });
    app.clock.set(START + MIN + 1_000);
    await tick(actor);
    await app.settle();
    const [run] = await runsOf(actor, scheduleId);
    expect(run).toMatchObject({ status: "success", params: { Region: "eu-west" } });
  });
});
