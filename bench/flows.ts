/**
 * Job flows (issue 18) on the embedded executor, with graphile-worker 0.18 side by side on the same
 * database in the same run.
 *
 * Two shapes, each node a **job node** of one job going through the real node path (flow-run
 * function → `runNode` → a job run of trigger `flow` → `runJob` → the call → the job run's and the
 * node's ends):
 * - **chain**: start → 40 job nodes one after the other → end;
 * - **fan-out**: start → 40 parallel job nodes (parallelism 40) → one join job node → end.
 *
 * Ours is timed from just before `requestFlowRun` to the run's `finished_at`. The peer runs the same
 * shapes as graphile-worker tasks doing the same call: a chain task adds the next (`addJob` inside
 * the task) until 40; the fan-out adds 40 jobs at once, each completion counted in a row of its own
 * (`update … returning`, as a fan-in across workers has to), and the 40th adds the join; timed from
 * the first add to the last task's `job:complete`. Graphile-worker as it ships (LISTEN/NOTIFY, its
 * default poll interval), concurrency 16 like the executor's workers.
 *
 * The call (`BENCH_NODE`): `http` (default) a POST to a local receiver in a process of its own, as a
 * job calling a service would be: ~1 ms, no process spawned; `shell` runs `true` (a process per
 * node, a few ms). Rounds: `BENCH_ROUNDS` (3) after a warm-up, ours and the peer's in turns; the
 * figures are medians. `BENCH_ALERTS=off` turns the job's default alerts (on failure, on timeout)
 * off, to see what their check at each job run's end costs. Targets: each shape ≤ 1 s, ≤ 20 ms of orchestration per node, ≤ 1.5× the peer.
 */
import { execFile, fork } from "node:child_process";
import { randomUUID } from "node:crypto";
import { promisify } from "node:util";
import { ownDatabase } from "./support/own-database";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const NODE = (process.env.BENCH_NODE ?? "http") as "http" | "shell";
const N = 40;
const quiet = { info() {}, warn() {}, error() {}, debug() {} };
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.floor((s.length - 1) / 2)] as number) : 0;
};
const r3 = (x: number) => Math.round(x * 1000) / 1000;

async function main() {
  const dropDatabase = await ownDatabase("flows");
  process.env.OUTBOUND_ALLOW_PRIVATE = "true"; // the receiver listens on 127.0.0.1
  const receiver = fork(new URL("./support/http-receiver.ts", import.meta.url).pathname, { stdio: "inherit" });
  const port = await new Promise<number>((resolve, reject) => {
    receiver.once("message", (m) => resolve((m as { port: number }).port));
    receiver.once("exit", (code) => reject(new Error(`receiver exited (${code}) before listening`)));
  });
  const hookUrl = `http://127.0.0.1:${port}/hook`;

  const { eq, sql } = await import("drizzle-orm");
  const { closeDatabase, database } = await import("@/db/client");
  const { flowRunNodes, flowRuns, jobFlows, jobFlowVersions, jobRuns } = await import("@/db/schema");
  const { withTenant } = await import("@/db/tenant");
  const { embeddedWiring, inngest } = await import("@/inngest/client");
  const { systemClock } = await import("@/inngest/embedded/clock");
  const { createExecutor } = await import("@/inngest/embedded/executor");
  const { allEvents } = await import("@/inngest/events");
  const { functions } = await import("@/inngest/functions");
  const { signUp } = await import("@/lib/auth/sign-up");
  const { DEFAULT_NODE_POLICY } = await import("@/lib/flows/catalog");
  const { requestFlowRun } = await import("@/lib/flows/request-run");
  const { saveJob } = await import("@/lib/jobs/save-job");
  const { ZSaveJob } = await import("@/lib/validation/jobs");

  const t0 = performance.now();
  const { db, kind } = await database();
  console.log(`database: ${kind} (opened + migrated in ${Math.round(performance.now() - t0)} ms); node: ${NODE}`);
  if (kind !== "postgres") console.log("(the peer needs PostgreSQL: set DATABASE_URL)");

  const tag = randomUUID().slice(0, 8);
  const { userId, tenant } = await signUp({
    name: "Bench",
    email: `flows-${tag}@bench.opsdesk.dev`,
    password: "correct horse battery",
    tenantName: `Flows ${tag}`,
  });
  const actor = { tenantId: tenant.id, userId, role: "OWNER" as const };
  const config =
    NODE === "http"
      ? { type: "http", method: "POST", url: hookUrl, body: '{"ping":true}', timeoutMs: 10_000 }
      : { type: "shell", command: "true", timeoutMs: 10_000 };
  const { tenant: _, ...jobSave } = ZSaveJob.parse({
    tenant: "bench",
    name: `No-op ${tag}`,
    config,
    retries: { count: 0, interval: "fixed", baseMs: 60_000 },
    // The job's alerts as a new job has them (on failure, on timeout), unless BENCH_ALERTS=off.
    ...(process.env.BENCH_ALERTS === "off"
      ? { alerts: { channelIds: [], onFailure: false, onTimeout: false, consecutive: 0, onRecovery: false } }
      : {}),
  });
  const job = await saveJob(actor, jobSave);

  // The two flows, each with its published version 1, written directly (as the executor tests do).
  const at = { x: 0, y: 0 };
  const jobNode = (id: string) => ({
    id,
    type: "job",
    position: at,
    data: { name: id, jobId: job.id, params: {}, policy: DEFAULT_NODE_POLICY },
  });
  const edge = (source: string, target: string) => ({
    id: `${source}-${target}`,
    source,
    target,
    sourceHandle: source === "start" ? "out" : "success",
  });
  const ids = Array.from({ length: N }, (_, i) => `n${i + 1}`);
  const chainGraph = {
    nodes: [
      { id: "start", type: "start", position: at, data: {} },
      ...ids.map(jobNode),
      { id: "end", type: "end", position: at, data: {} },
    ],
    edges: [edge("start", "n1"), ...ids.slice(1).map((id, i) => edge(ids[i] as string, id)), edge(`n${N}`, "end")],
  };
  const fanGraph = {
    nodes: [
      { id: "start", type: "start", position: at, data: {} },
      ...ids.map(jobNode),
      jobNode("join"),
      { id: "end", type: "end", position: at, data: {} },
    ],
    edges: [...ids.map((id) => edge("start", id)), ...ids.map((id) => edge(id, "join")), edge("join", "end")],
  };
  const publish = (name: string, graph: object, parallelism: number) =>
    withTenant(actor, async (tx) => {
      const g = graph as never;
      const [flow] = await tx
        .insert(jobFlows)
        .values({ name, graph: g, parameters: [], parallelism, publishedVersion: 1 })
        .returning();
      if (!flow) throw new Error("no flow");
      await tx.insert(jobFlowVersions).values({ flowId: flow.id, version: 1, graph: g, parameters: [], parallelism });
      return flow.id;
    });
  const chainFlow = await publish(`Chain ${tag}`, chainGraph, 4);
  const fanFlow = await publish(`Fan-out ${tag}`, fanGraph, N);

  const { transport, keys } = embeddedWiring();
  const executor = createExecutor({
    db,
    client: inngest,
    functions: functions.filter((f) => (f.opts as { id: string }).id !== "job-schedule-tick"),
    transport,
    keys,
    logger: quiet,
    events: allEvents,
    clock: systemClock,
  });
  await executor.start();

  /**
   * Where a chain's time goes, from its rows: a node's own span (claimed → ended, the job run inside
   * it) against the gap between one node's end and the next one's claim (the step's return, the
   * executor, the next call's replay and the node's reads).
   */
  const spans = async (runId: string) => {
    const rows = await withTenant(actor, (tx) =>
      tx
        .select({
          nodeId: flowRunNodes.nodeId,
          startedAt: flowRunNodes.startedAt,
          finishedAt: flowRunNodes.finishedAt,
          jobStarted: jobRuns.startedAt,
          jobFinished: jobRuns.finishedAt,
        })
        .from(flowRunNodes)
        .leftJoin(jobRuns, eq(jobRuns.id, flowRunNodes.jobRunId))
        .where(eq(flowRunNodes.runId, runId)),
    );
    const byId = new Map(rows.map((r) => [r.nodeId, r]));
    const own: number[] = [];
    const job: number[] = [];
    const gaps: number[] = [];
    ids.forEach((id, i) => {
      const r = byId.get(id);
      if (!r?.startedAt || !r.finishedAt) return;
      own.push(r.finishedAt.getTime() - r.startedAt.getTime());
      if (r.jobStarted && r.jobFinished) job.push(r.jobFinished.getTime() - r.jobStarted.getTime());
      const prev = i > 0 ? byId.get(ids[i - 1] as string) : null;
      if (prev?.finishedAt) gaps.push(r.startedAt.getTime() - prev.finishedAt.getTime());
    });
    return { own: median(own), job: median(job), gap: median(gaps) };
  };
  let lastChainRun = "";

  /** One run of ours: seconds from the request to the run's recorded end. */
  const ours = async (flowId: string) => {
    const started = Date.now();
    const { runId } = await requestFlowRun(actor, { flowId, params: {} });
    if (flowId === chainFlow) lastChainRun = runId;
    for (;;) {
      await new Promise((r) => setTimeout(r, 20));
      const [run] = await withTenant(actor, (tx) =>
        tx
          .select({ status: flowRuns.status, finishedAt: flowRuns.finishedAt })
          .from(flowRuns)
          .where(eq(flowRuns.id, runId)),
      );
      if (run?.finishedAt) {
        if (run.status !== "success") throw new Error(`flow run ${runId} ended ${run.status}`);
        return (run.finishedAt.getTime() - started) / 1000;
      }
      if (Date.now() - started > 60_000) throw new Error(`flow run ${runId} did not end in 60 s`);
    }
  };

  // ---- the peer: graphile-worker on a schema of its own in the same database ----
  const run3 = promisify(execFile);
  const call = async () => {
    if (NODE === "shell") {
      await run3("true");
      return;
    }
    const res = await fetch(hookUrl, { method: "POST", body: '{"ping":true}' });
    await res.text();
  };
  let peer: { chain: () => Promise<number>; fanout: () => Promise<number>; stop: () => Promise<void> } | null = null;
  if (kind === "postgres") {
    const { makeWorkerUtils, run } = await import("graphile-worker");
    const connectionString = process.env.DATABASE_URL as string;
    const schema = "bench_graphile_worker";
    const utils = await makeWorkerUtils({ connectionString, schema });
    await utils.migrate();
    await utils.withPgClient((c) => c.query("create table public.bench_fanin (round int primary key, n int not null)"));
    let done: ((round: number) => void) | null = null;
    const runner = await run({
      connectionString,
      schema,
      concurrency: 16,
      maxPoolSize: 20,
      noHandleSignals: true,
      logger: new (await import("graphile-worker")).Logger(() => () => {}),
      taskList: {
        chain: async (payload, helpers) => {
          const { i, round } = payload as { i: number; round: number };
          await call();
          if (i < N) await helpers.addJob("chain", { i: i + 1, round });
        },
        leaf: async (payload, helpers) => {
          const { round } = payload as { round: number };
          await call();
          const { rows } = await helpers.withPgClient((c) =>
            c.query<{ n: number }>("update public.bench_fanin set n = n + 1 where round = $1 returning n", [round]),
          );
          if (rows[0]?.n === N) await helpers.addJob("join", { round });
        },
        join: async () => {
          await call();
        },
      },
    });
    runner.events.on("job:complete", ({ job, error }) => {
      if (error) console.error(`peer job ${job.task_identifier} failed`, error);
      const p = job.payload as { i?: number; round: number };
      if (job.task_identifier === "join" || (job.task_identifier === "chain" && p.i === N)) done?.(p.round);
    });
    let round = 0;
    const finished = (r: number) =>
      new Promise<void>((resolve) => {
        done = (x) => {
          if (x === r) resolve();
        };
      });
    peer = {
      async chain() {
        const r = ++round;
        const end = finished(r);
        const started = performance.now();
        await utils.addJob("chain", { i: 1, round: r });
        await end;
        return (performance.now() - started) / 1000;
      },
      async fanout() {
        const r = ++round;
        await utils.withPgClient((c) => c.query("insert into public.bench_fanin values ($1, 0)", [r]));
        const end = finished(r);
        const started = performance.now();
        await utils.addJobs(Array.from({ length: N }, () => ({ identifier: "leaf", payload: { round: r } })));
        await end;
        return (performance.now() - started) / 1000;
      },
      async stop() {
        await runner.stop();
        await utils.release();
      },
    };
  }

  // The bare call, as a node's work: what a node would take with no orchestration at all.
  const callMs: number[] = [];
  for (let i = 0; i < 20; i++) {
    const s = performance.now();
    await call();
    callMs.push(performance.now() - s);
  }
  const bareMs = median(callMs);

  const fig = { chain: [] as number[], fanout: [] as number[], peerChain: [] as number[], peerFanout: [] as number[] };
  for (let round = 0; round <= ROUNDS; round++) {
    const chain = await ours(chainFlow);
    const peerChain = peer ? await peer.chain() : 0;
    const fanout = await ours(fanFlow);
    const peerFanout = peer ? await peer.fanout() : 0;
    const label = round === 0 ? "warm-up" : `round ${round}`;
    console.log(
      `${label}: chain ${chain.toFixed(3)} s (peer ${peerChain.toFixed(3)} s), fan-out ${fanout.toFixed(3)} s (peer ${peerFanout.toFixed(3)} s)`,
    );
    if (round === 0) {
      // A server's tables have planner statistics (autovacuum analyzes them); this database is
      // minutes old and its job_runs would be planned as empty (the alert check's anti join then
      // seq-scans job_runs once per earlier run instead of using job_runs_retry_of_idx).
      await db.execute(sql`analyze`);
      continue;
    }
    fig.chain.push(chain);
    fig.fanout.push(fanout);
    fig.peerChain.push(peerChain);
    fig.peerFanout.push(peerFanout);
  }
  const span = await spans(lastChainRun);
  console.log(
    `chain, last round, medians per node: node claimed → ended ${span.own} ms (its job run ${span.job} ms), one node's end → the next one's claim ${span.gap} ms`,
  );
  await peer?.stop();
  await executor.stop();
  receiver.kill();
  await closeDatabase();
  await dropDatabase?.();

  const chain = median(fig.chain);
  const fanout = median(fig.fanout);
  const peerChain = median(fig.peerChain);
  const peerFanout = median(fig.peerFanout);
  // Orchestration per node on the chain (its critical path is all 40 nodes): the time over 40 bare calls.
  const perNodeMs = (chain * 1000 - N * bareMs) / N;
  console.log(`bare call (${NODE}): ${bareMs.toFixed(2)} ms median`);
  const result = {
    database: kind,
    node: NODE,
    rounds: ROUNDS,
    chain_40_s: r3(chain),
    fanout_40_s: r3(fanout),
    per_node_ms: Math.round(perNodeMs * 10) / 10,
    peer_chain_40_s: r3(peerChain),
    peer_fanout_40_s: r3(peerFanout),
    chain_vs_peer: peerChain ? Math.round((chain / peerChain) * 100) / 100 : null,
    fanout_vs_peer: peerFanout ? Math.round((fanout / peerFanout) * 100) / 100 : null,
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
