/**
 * The jobs scheduler (issue 17), on the embedded executor with its background loop and the real
 * clock, as a server runs it: the minute tick is the app's own cron function (reconciler + claim).
 *
 * 1. **Fires.** 10,000 enabled schedules across 100 tenants, all due at the same minute. Each fire's
 *    lag is from its due time to its JobLog written and its run event accepted by the executor (the
 *    outbox row marked sent after `inngest.send` returned). The run function is left out of this
 *    round, so 10,000 shell runs do not compete with the claim for the two cores: what is timed is
 *    the scheduler. Counts runs per schedule (missed: 0, double: more than one) and events per run.
 * 2. **Runs.** 1,000 HTTP-job schedules due at one minute against a local receiver (in a process of
 *    its own): each run's start lag (due → `started_at`), that all finish within the minute, and
 *    the throughput (runs / s from the first start to the last end).
 *
 * PGlite in memory by default, DATABASE_URL when set. Targets: fire lag p95 ≤ 5 s, max ≤ 10 s, 0
 * missed, 0 double, each claim batch ≤ 200 ms; start lag p95 ≤ 2 s, all done within the minute.
 */
import { fork } from "node:child_process";
import { randomUUID } from "node:crypto";
import { ownDatabase } from "./support/own-database";

const TENANTS = Number(process.env.BENCH_TENANTS ?? 100);
const PER_TENANT = Number(process.env.BENCH_SCHEDULES ?? 100);
const HTTP_RUNS = Number(process.env.BENCH_HTTP ?? 1000);
/** Far ahead: a schedule parked there is not due in this benchmark. */
const PARKED = new Date("2999-01-01T00:00:00Z");
const quiet = { info() {}, warn() {}, error() {}, debug() {} };

type TickOutput = { claimed: number; batches: number; claimMsMax: number } | null;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number) : 0;
};

async function main() {
  const dropDatabase = await ownDatabase("schedules");
  process.env.OUTBOUND_ALLOW_PRIVATE = "true"; // the receiver listens on 127.0.0.1
  const receiver = fork(new URL("./support/http-receiver.ts", import.meta.url).pathname, { stdio: "inherit" });
  const port = await new Promise<number>((resolve, reject) => {
    receiver.once("message", (m) => resolve((m as { port: number }).port));
    receiver.once("exit", (code) => reject(new Error(`receiver exited (${code}) before listening`)));
  });
  const hits = () =>
    new Promise<number>((resolve) => {
      receiver.once("message", (m) => resolve((m as { hits: number }).hits));
      receiver.send("count");
    });

  const { and, eq, inArray, sql } = await import("drizzle-orm");
  const { closeDatabase, database } = await import("@/db/client");
  const { eventOutbox, jobRuns, jobSchedules, jobs, jobVersions } = await import("@/db/schema");
  const { rowsOf } = await import("@/db/rows");
  const { withTenant } = await import("@/db/tenant");
  const { dispatched } = await import("@/lib/events/publish");
  const { embeddedWiring, inngest } = await import("@/inngest/client");
  const { systemClock } = await import("@/inngest/embedded/clock");
  const { createExecutor } = await import("@/inngest/embedded/executor");
  const { allEvents } = await import("@/inngest/events");
  const { functions } = await import("@/inngest/functions");
  const { signUp } = await import("@/lib/auth/sign-up");

  const t0 = performance.now();
  const { db, kind } = await database();
  console.log(`database: ${kind} (opened + migrated in ${Math.round(performance.now() - t0)} ms)`);

  // Tenants, each with PER_TENANT jobs (one version) and one every-minute schedule per job, written
  // set-based through each tenant's door. Armed for a minute that has not come yet.
  const tag = randomUUID().slice(0, 8);
  const tenants: string[] = [];
  for (let i = 0; i < TENANTS; i++) {
    const { tenant } = await signUp({
      name: `Bench ${i}`,
      email: `sched-${i}-${tag}@bench.opsdesk.dev`,
      password: "correct horse battery",
      tenantName: `Schedules ${i} ${tag}`,
    });
    tenants.push(tenant.id);
  }
  const seed = async (count: number, config: object, tenantIds: string[]) => {
    const all: string[] = [];
    for (const tenantId of tenantIds)
      await withTenant({ tenantId, userId: null }, async (tx) => {
        const made = await tx
          .insert(jobs)
          .values(
            Array.from({ length: count }, (_, i) => ({
              name: `job ${i} ${randomUUID().slice(0, 6)}`,
              type: "http" as const,
            })),
          )
          .returning({ id: jobs.id });
        await tx.insert(jobVersions).values(
          made.map((j) => ({
            jobId: j.id,
            version: 1,
            config: config as never,
            retries: { count: 0, interval: "fixed" as const, baseMs: 60_000 },
            timeoutMs: 30_000,
          })),
        );
        const scheds = await tx
          .insert(jobSchedules)
          .values(made.map((j) => ({ jobId: j.id, cron: "* * * * *", timeZone: "UTC", nextFireAt: PARKED })))
          .returning({ id: jobSchedules.id });
        all.push(...scheds.map((s) => s.id));
      });
    return all;
  };
  const arm = async (ids: string[], tenantIds: string[], at: Date) => {
    for (const tenantId of tenantIds)
      await withTenant({ tenantId, userId: null }, (tx) =>
        tx.update(jobSchedules).set({ nextFireAt: at }).where(inArray(jobSchedules.id, ids)),
      );
  };
  const nextMinute = (leadMs: number) => new Date(Math.ceil((Date.now() + leadMs) / 60_000) * 60_000);
  const httpConfig = {
    type: "http",
    method: "POST",
    url: `http://127.0.0.1:${port}/hook`,
    headers: {},
    body: '{"ping":true}',
    expectStatus: null,
    timeoutMs: 10_000,
    maxBytes: 65_536,
  };
  const ids = await seed(PER_TENANT, httpConfig, tenants);
  console.log(`seeded ${ids.length} schedules in ${TENANTS} tenants`);

  const { transport, keys } = embeddedWiring();
  const start = async (fns: typeof functions) => {
    const ex = createExecutor({
      db,
      client: inngest,
      functions: fns,
      transport,
      keys,
      logger: quiet,
      events: allEvents,
      clock: systemClock,
    });
    await ex.start();
    return ex;
  };
  const byId = (id: string) => functions.filter((f) => (f.opts as { id: string }).id !== id);

  // ---- 1. 10,000 fires in one minute, recorded and accepted ----
  let executor = await start(byId("job-run"));
  const due = nextMinute(15_000);
  await arm(ids, tenants, due);
  console.log(`fires due at ${due.toISOString()}; waiting for the minute tick`);
  // What the tick's claim took per batch: timed around the claim itself, as the tick calls it.
  let claimMs = 0;
  const expected = ids.length;
  // Polled with one cheap statement on the executor's own table (not the tenants' run tables, so
  // the polling does not compete with the claim it measures); the lags are read once it is done.
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const accepted = rowsOf<{ n: number }>(
      await db.execute(
        sql`select count(*)::int as n from inngest_events where name = 'job/run.requested' and received_at >= ${new Date(due.getTime() - 1000).toISOString()}::timestamptz`,
      ),
    );
    if ((accepted[0]?.n ?? 0) >= expected || Date.now() > due.getTime() + 120_000) break;
  }
  await dispatched(); // the outbox rows of the last events marked sent
  const lags: number[] = [];
  let double = 0;
  let missed = 0;
  for (const tenantId of tenants)
    await withTenant({ tenantId, userId: null }, async (tx) => {
      const rows = await tx
        .select({
          scheduleId: jobSchedules.id,
          runs: sql<number>`count(${jobRuns.id})::int`,
          sentAt: sql<string | null>`max(${eventOutbox.sentAt})`,
        })
        .from(jobSchedules)
        .leftJoin(jobRuns, and(eq(jobRuns.scheduleId, jobSchedules.id), eq(jobRuns.fireAt, due)))
        .leftJoin(eventOutbox, eq(eventOutbox.id, jobRuns.id))
        .where(inArray(jobSchedules.id, ids))
        .groupBy(jobSchedules.id);
      for (const r of rows) {
        if (r.runs === 0 || !r.sentAt) missed++;
        if (r.runs > 1) double++;
        if (r.sentAt) lags.push(new Date(r.sentAt).getTime() - due.getTime());
      }
    });
  // Events accepted per run id: a run sent twice would show as two events with one id or two runs.
  const [dup] = rowsOf<{ n: number }>(
    await db.execute(
      sql`select count(*)::int as n from (select id from inngest_events where name = 'job/run.requested' group by id having count(*) > 1) d`,
    ),
  );
  double += dup?.n ?? 0;
  // What each claim batch took, as the tick itself reported it (its run's output).
  await executor.stop();
  const ticks = rowsOf<{ output: TickOutput }>(
    await db.execute(
      sql`select output from inngest_runs where function_id like '%job-schedule-tick' and created_at >= ${new Date(due.getTime() - 1000).toISOString()}::timestamptz order by created_at`,
    ),
  );
  const tickOutputs = ticks.map((r) => r.output).filter((o) => o?.claimed);
  const direct = tickOutputs[0] ?? { batches: 0, claimed: 0, claimMsMax: 0 };
  claimMs = direct.claimMsMax;
  console.log(
    `fires: ${lags.length}/${expected} recorded and accepted; lag p50 ${pct(lags, 50)} ms, p95 ${pct(lags, 95)} ms, max ${Math.max(0, ...lags)} ms; missed ${missed}, double ${double}`,
  );
  console.log(
    `claim: ${direct.batches} batches for ${direct.claimed} schedules, slowest batch ${claimMs.toFixed(1)} ms`,
  );

  // ---- 2. 1,000 HTTP runs due in one minute ----
  // The runs of round 1 were never to start (no run function): they would count as running for
  // the overlap policy, so they are cancelled. Park the 10,000, then arm HTTP_RUNS of them (ten tenants' worth) with the run function on.
  for (const tenantId of tenants)
    await withTenant({ tenantId, userId: null }, (tx) =>
      tx.update(jobRuns).set({ status: "cancelled" }).where(eq(jobRuns.status, "pending")),
    );
  await arm(ids, tenants, PARKED);
  const httpTenants = tenants.slice(0, Math.ceil(HTTP_RUNS / PER_TENANT));
  const httpIds: string[] = [];
  for (const tenantId of httpTenants)
    await withTenant({ tenantId, userId: null }, async (tx) => {
      const rows = await tx.select({ id: jobSchedules.id }).from(jobSchedules).limit(PER_TENANT);
      httpIds.push(...rows.map((r) => r.id));
    });
  executor = await start(functions);
  const hitsBefore = await hits();
  const httpDue = new Date(Math.max(nextMinute(10_000).getTime(), due.getTime() + 120_000));
  await arm(httpIds.slice(0, HTTP_RUNS), httpTenants, httpDue);
  console.log(`HTTP runs due at ${httpDue.toISOString()}`);
  const ended = async () => {
    let done = 0;
    const starts: number[] = [];
    const ends: number[] = [];
    let ok = 0;
    for (const tenantId of httpTenants)
      await withTenant({ tenantId, userId: null }, async (tx) => {
        const rows = await tx
          .select({ status: jobRuns.status, startedAt: jobRuns.startedAt, finishedAt: jobRuns.finishedAt })
          .from(jobRuns)
          .where(eq(jobRuns.fireAt, httpDue));
        for (const r of rows) {
          if (r.startedAt) starts.push(r.startedAt.getTime());
          if (r.finishedAt) {
            done++;
            ends.push(r.finishedAt.getTime());
            if (r.status === "success") ok++;
          }
        }
      });
    return { done, ok, starts, ends };
  };
  let state = await ended();
  while (state.done < HTTP_RUNS && Date.now() < httpDue.getTime() + 120_000) {
    await new Promise((r) => setTimeout(r, 500));
    state = await ended();
  }
  if (state.ok < HTTP_RUNS) {
    const statuses: Record<string, number> = {};
    for (const tenantId of httpTenants)
      await withTenant({ tenantId, userId: null }, async (tx) => {
        for (const r of await tx
          .select({ status: jobRuns.status, reason: jobRuns.reason, error: jobRuns.error })
          .from(jobRuns)
          .where(eq(jobRuns.fireAt, httpDue))) {
          const k = `${r.status} ${r.reason ?? ""} ${r.error ?? ""}`;
          statuses[k] = (statuses[k] ?? 0) + 1;
        }
      });
    console.log("unfinished HTTP runs by status:", statuses);
  }
  const startLags = state.starts.map((t) => t - httpDue.getTime());
  const durations: number[] = [];
  for (const tenantId of httpTenants)
    await withTenant({ tenantId, userId: null }, async (tx) => {
      for (const r of await tx.select({ d: jobRuns.durationMs }).from(jobRuns).where(eq(jobRuns.fireAt, httpDue)))
        if (r.d !== null) durations.push(r.d);
    });
  console.log(`HTTP run duration (claim to end): p50 ${pct(durations, 50)} ms, p95 ${pct(durations, 95)} ms`);
  const lastEnd = Math.max(...state.ends);
  const firstStart = Math.min(...state.starts);
  const runsPerS = state.done / Math.max(0.001, (lastEnd - firstStart) / 1000);
  const received = (await hits()) - hitsBefore;
  console.log(
    `HTTP runs: ${state.ok}/${HTTP_RUNS} succeeded (${received} requests received); start lag p50 ${pct(startLags, 50)} ms, p95 ${pct(startLags, 95)} ms; last ended ${((lastEnd - httpDue.getTime()) / 1000).toFixed(1)} s after due; ${runsPerS.toFixed(0)} runs/s`,
  );
  await executor.stop();
  receiver.kill();
  await closeDatabase();
  await dropDatabase?.();

  const result = {
    database: kind,
    schedules: expected,
    fire_lag_p95_ms: pct(lags, 95),
    fire_lag_max_ms: Math.max(0, ...lags),
    missed,
    double,
    claim_ms: Math.round(claimMs * 10) / 10,
    http_runs: HTTP_RUNS,
    http_ok: state.ok,
    start_lag_p95_ms: pct(startLags, 95),
    http_done_within_s: Math.round((lastEnd - httpDue.getTime()) / 100) / 10,
    runs_per_s: Math.round(runsPerS),
  };
  console.log(`RESULT ${JSON.stringify(result)}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
