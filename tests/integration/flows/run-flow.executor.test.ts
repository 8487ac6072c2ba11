import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { asc, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { flowRunNodes, flowRunOutput, flowRuns, jobFlows, jobFlowVersions, jobRuns } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { dispatch, enqueue } from "@/lib/events/publish";
import { cancelFlowRun } from "@/lib/flows/cancel-run";
import { DEFAULT_NODE_POLICY, type FlowParameter, type NodePolicy } from "@/lib/flows/catalog";
import type { FlowGraph } from "@/lib/flows/graph";
import { requestFlowRun } from "@/lib/flows/request-run";
import { runNode } from "@/lib/flows/run-node";
import { saveJob } from "@/lib/jobs/save-job";
import type { Actor } from "@/lib/tenants/actor";
import { makeMember, makeOwner } from "../../support/factory";
import { appExecutor } from "../inngest/app-executor";
import { jobInput } from "../jobs/support";

// Flow runs on the embedded executor: parallel branches, data between nodes, failure policies,
// retries, cancel and rerun, each through the real flow-run function and node runner.
const app = appExecutor({ withoutCron: true });
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "opsdesk-flows-"));
  await app.start();
});
afterAll(async () => {
  await app.stop();
  await rm(dir, { recursive: true, force: true });
});

const at = { x: 0, y: 0 };
const start = { id: "start", type: "start", position: at, data: {} };
const end = { id: "end", type: "end", position: at, data: {} };
const shell = (id: string, command: string, policy: Partial<NodePolicy> = {}) => ({
  id,
  type: "shell",
  position: at,
  data: {
    name: id,
    config: { command, workdir: "", envKeys: [], timeoutMs: 30_000 },
    policy: { ...DEFAULT_NODE_POLICY, ...policy },
  },
});
const edge = (source: string, target: string, sourceHandle = "success") => ({
  id: `${source}-${sourceHandle}-${target}`,
  source,
  target,
  sourceHandle: source === "start" ? "out" : sourceHandle,
});

/** A flow and its published version 1, written directly (the editor's save and publish are not under test). */
async function publishedFlow(
  actor: Actor,
  graph: { nodes: unknown[]; edges: unknown[] },
  settings: { parameters?: FlowParameter[]; parallelism?: number; timeoutMs?: number } = {},
) {
  const g = graph as FlowGraph;
  const parameters = settings.parameters ?? [];
  const parallelism = settings.parallelism ?? 4;
  const timeoutMs = settings.timeoutMs ?? null;
  return withTenant(actor, async (tx) => {
    const [flow] = await tx
      .insert(jobFlows)
      .values({
        name: `Flow ${Math.random().toString(36).slice(2, 8)}`,
        graph: g,
        parameters,
        parallelism,
        timeoutMs,
        publishedVersion: 1,
      })
      .returning();
    if (!flow) throw new Error("no flow");
    await tx
      .insert(jobFlowVersions)
      .values({ flowId: flow.id, version: 1, graph: g, parameters, parallelism, timeoutMs });
    return flow;
  });
}

const runOf = async (actor: Actor, runId: string) =>
  (await withTenant(actor, (tx) => tx.select().from(flowRuns).where(eq(flowRuns.id, runId))))[0];
const nodesOf = async (actor: Actor, runId: string) =>
  Object.fromEntries(
    (
      await withTenant(actor, (tx) =>
        tx.select().from(flowRunNodes).where(eq(flowRunNodes.runId, runId)).orderBy(asc(flowRunNodes.nodeId)),
      )
    ).map((n) => [n.nodeId, n]),
  );
const statuses = async (actor: Actor, runId: string) =>
  Object.fromEntries(Object.entries(await nodesOf(actor, runId)).map(([id, n]) => [id, n.status]));
const lines = async (file: string) =>
  existsSync(file) ? (await readFile(file, "utf8")).split("\n").filter(Boolean).length : 0;
const fresh = () => path.join(dir, Math.random().toString(36).slice(2));

describe("a flow run", () => {
  test("two parallel shell nodes run at the same time, then their join", async () => {
    const { actor } = await makeOwner();
    const d = fresh();
    // Each branch marks its start, then waits (up to 5 s) for the other's: both succeed only if
    // both were running at once.
    const branch = (me: string, other: string) =>
      `touch ${d}.${me}; i=0; while [ ! -e ${d}.${other} ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done; test -e ${d}.${other}`;
    const flow = await publishedFlow(actor, {
      nodes: [
        start,
        shell("a", branch("a", "b")),
        shell("b", branch("b", "a")),
        shell("c", `test -e ${d}.a && test -e ${d}.b && touch ${d}.c`),
        end,
      ],
      edges: [edge("start", "a"), edge("start", "b"), edge("a", "c"), edge("b", "c"), edge("c", "end")],
    });
    const { runId } = await requestFlowRun(actor, { flowId: flow.id, params: {} });
    await app.settle();
    expect(await runOf(actor, runId)).toMatchObject({ status: "success", triggerType: "manual", version: 1 });
    expect(await statuses(actor, runId)).toEqual({
      a: "success",
      b: "success",
      c: "success",
      end: "success",
      start: "success",
    });
    const nodes = await nodesOf(actor, runId);
    expect(nodes.c?.startedAt?.getTime()).toBeGreaterThanOrEqual(
      Math.max(nodes.a?.finishedAt?.getTime() ?? 0, nodes.b?.finishedAt?.getTime() ?? 0),
    );
    expect(existsSync(`${d}.c`)).toBe(true);
  });

  test("the flow's parallelism limit runs ready branches one after the other", async () => {
    const { actor } = await makeOwner();
    const d = fresh();
    const step = (me: string) => `echo ${me}-start >> ${d}.log; sleep 0.2; echo ${me}-end >> ${d}.log`;
    const flow = await publishedFlow(
      actor,
      {
        nodes: [start, shell("a", step("a")), shell("b", step("b")), end],
        edges: [edge("start", "a"), edge("start", "b"), edge("a", "end"), edge("b", "end")],
      },
      { parallelism: 1 },
    );
    const { runId } = await requestFlowRun(actor, { flowId: flow.id, params: {} });
    await app.settle();
    expect((await runOf(actor, runId))?.status).toBe("success");
    expect((await readFile(`${d}.log`, "utf8")).split("\n").filter(Boolean)).toEqual([
      "a-start",
      "a-end",
      "b-start",
      "b-end",
    ]);
  });

  test("an upstream node's JSON line reaches a downstream node as a value; parameters and outputs run no command", async () => {
    const { actor } = await makeOwner();
    const d = fresh();
    const flow = await publishedFlow(
      actor,
      {
        nodes: [
          start,
          // Its last stdout line is JSON: the node's output. `x` carries an injection attempt too.
          shell("a", `echo "not json"; printf '%s\\n' '{"x":"hi $(touch ${d}.pwned1)","n":7}'`),
          shell("b", `printf '%s|%s|%s' {nodes.a.output.x} "{nodes.a.output.n}" {params.P} > ${d}.out; echo '[1]'`),
          end,
        ],
        edges: [edge("start", "a"), edge("a", "b"), edge("b", "end")],
      },
      { parameters: [{ name: "P", default: "x" }] },
    );
    const injection = `$(touch ${d}.pwned2); rm -f ${d}.out; \`touch ${d}.pwned3\``;
    const { runId } = await requestFlowRun(actor, { flowId: flow.id, params: { P: injection } });
    await app.settle();
    expect((await runOf(actor, runId))?.status).toBe("success");
    expect(await readFile(`${d}.out`, "utf8")).toBe(`hi $(touch ${d}.pwned1)|7|${injection}`);
    for (const n of [1, 2, 3]) expect(existsSync(`${d}.pwned${n}`)).toBe(false);
    const nodes = await nodesOf(actor, runId);
    expect(nodes.a?.output).toEqual({ x: `hi $(touch ${d}.pwned1)`, n: 7 });
    expect(nodes.b?.output).toEqual([1]);
    const [logged] = await withTenant(actor, (tx) =>
      tx
        .select({ n: count() })
        .from(flowRunOutput)
        .where(eq(flowRunOutput.runNodeId, nodes.a?.id ?? "")),
    );
    expect(logged?.n).toBe(2);
  });

  test("a condition node over an upstream output and a parameter takes its true branch only", async () => {
    const { actor } = await makeOwner();
    const d = fresh();
    const flow = await publishedFlow(
      actor,
      {
        nodes: [
          start,
          shell("a", `echo '{"n":7}'`),
          {
            id: "check",
            type: "condition",
            position: at,
            data: { name: "check", expression: 'nodes.a.output.n >= 5 && params.env != "prod"' },
          },
          shell("yes", `touch ${d}.yes`),
          shell("no", `touch ${d}.no`),
          end,
        ],
        edges: [
          edge("start", "a"),
          edge("a", "check"),
          edge("check", "yes", "true"),
          edge("check", "no", "false"),
          edge("yes", "end"),
          edge("no", "end"),
        ],
      },
      { parameters: [{ name: "env", default: "staging" }] },
    );
    const { runId } = await requestFlowRun(actor, { flowId: flow.id, params: {} });
    await app.settle();
    expect((await runOf(actor, runId))?.status).toBe("success");
    expect(await statuses(actor, runId)).toMatchObject({ check: "success", yes: "success", no: "skipped" });
    expect([existsSync(`${d}.yes`), existsSync(`${d}.no`)]).toEqual([true, false]);
  });

  test("parameters the flow does not declare are refused, and a flow never published cannot run; nothing is written", async () => {
    const { actor } = await makeOwner();
    const flow = await publishedFlow(
      actor,
      { nodes: [start, shell("a", "true"), end], edges: [edge("start", "a"), edge("a", "end")] },
      { parameters: [{ name: "P", default: "x" }] },
    );
    await expect(requestFlowRun(actor, { flowId: flow.id, params: { Q: "1" } })).rejects.toMatchObject({
      code: "flows.unknown_parameter",
    });
    await withTenant(actor, (tx) =>
      tx.update(jobFlows).set({ publishedVersion: null }).where(eq(jobFlows.id, flow.id)),
    );
    await expect(requestFlowRun(actor, { flowId: flow.id, params: {} })).rejects.toMatchObject({
      code: "flows.not_published",
    });
    const [runs] = await withTenant(actor, (tx) =>
      tx.select({ n: count() }).from(flowRuns).where(eq(flowRuns.flowId, flow.id)),
    );
    expect(runs?.n).toBe(0);
  });
});

describe("failures", () => {
  test("a failing node under `continue` lets the rest run, and the run ends partial", async () => {
    const { actor } = await makeOwner();
    const d = fresh();
    const flow = await publishedFlow(actor, {
      nodes: [
        start,
        shell("a", "exit 3", { onFailure: "continue" }),
        shell("b", "true"),
        shell("c", `touch ${d}.c`),
        end,
      ],
      edges: [edge("start", "a"), edge("start", "b"), edge("a", "c", "always"), edge("b", "c"), edge("c", "end")],
    });
    const { runId } = await requestFlowRun(actor, { flowId: flow.id, params: {} });
    await app.settle();
    expect((await runOf(actor, runId))?.status).toBe("partial");
    expect(await statuses(actor, runId)).toMatchObject({ a: "failed", b: "success", c: "success" });
    expect(existsSync(`${d}.c`)).toBe(true);
  });

  test("a failing node under `fail` skips the rest, and the run fails", async () => {
    const { actor } = await makeOwner();
    const d = fresh();
    const flow = await publishedFlow(actor, {
      nodes: [start, shell("a", "exit 3"), shell("b", `touch ${d}.b`), end],
      edges: [edge("start", "a"), edge("a", "b", "always"), edge("b", "end")],
    });
    const { runId } = await requestFlowRun(actor, { flowId: flow.id, params: {} });
    await app.settle();
    expect((await runOf(actor, runId))?.status).toBe("failed");
    expect(await statuses(actor, runId)).toMatchObject({ a: "failed", b: "skipped", end: "skipped" });
    expect(existsSync(`${d}.b`)).toBe(false);
  });

  test("a node's retry policy runs it again after its delay, until it succeeds", async () => {
    const { actor } = await makeOwner();
    const d = fresh();
    const flow = await publishedFlow(actor, {
      nodes: [
        start,
        shell("a", `echo x >> ${d}.count; test "$(wc -l < ${d}.count)" -ge 3`, { retries: 5, retryDelayMs: 60_000 }),
        end,
      ],
      edges: [edge("start", "a"), edge("a", "end")],
    });
    const { runId } = await requestFlowRun(actor, { flowId: flow.id, params: {} });
    await app.settle(10 * 60_000);
    expect((await runOf(actor, runId))?.status).toBe("success");
    expect(await lines(`${d}.count`)).toBe(3);
    expect((await nodesOf(actor, runId)).a).toMatchObject({ status: "success", attempt: 3 });
  });
});

describe("the flow's timeout", () => {
  test("stops the node running when the flow's time is up; nothing more starts and the run fails as a whole", async () => {
    const { actor } = await makeOwner();
    const d = fresh();
    const flow = await publishedFlow(
      actor,
      {
        nodes: [start, shell("a", "sleep 30", { onFailure: "continue" }), shell("b", `touch ${d}.b`), end],
        edges: [edge("start", "a"), edge("a", "b", "always"), edge("b", "end")],
      },
      { timeoutMs: 1_500 },
    );
    const began = Date.now();
    const { runId } = await requestFlowRun(actor, { flowId: flow.id, params: {} });
    await app.settle();
    expect(Date.now() - began).toBeLessThan(20_000);
    const run = await runOf(actor, runId);
    expect(run?.status).toBe("failed");
    expect(run?.error).toContain("flows.run_timed_out");
    expect(await statuses(actor, runId)).toMatchObject({ a: "timeout", b: "skipped" });
    expect(existsSync(`${d}.b`)).toBe(false);
  });
});

describe("cancel", () => {
  test("kills a running node's process; the run and its nodes end cancelled", async () => {
    const { actor } = await makeOwner();
    const d = fresh();
    await writeFile(`${d}.gate`, "");
    const flow = await publishedFlow(actor, {
      nodes: [
        start,
        shell("a", `while [ -e ${d}.gate ]; do sleep 0.05; done; touch ${d}.after`),
        shell("b", `touch ${d}.b`),
        end,
      ],
      edges: [edge("start", "a"), edge("a", "b", "always"), edge("b", "end")],
    });
    const { runId } = await requestFlowRun(actor, { flowId: flow.id, params: {} });
    const draining = app.settle();
    for (let i = 0; i < 200 && (await nodesOf(actor, runId)).a?.status !== "running"; i++)
      await new Promise((r) => setTimeout(r, 25));
    expect(await cancelFlowRun(actor, { runId })).toEqual({ status: "running" });
    await draining;
    expect((await runOf(actor, runId))?.status).toBe("cancelled");
    expect(await statuses(actor, runId)).toMatchObject({ a: "cancelled", b: "cancelled", end: "cancelled" });
    // The loop was killed: removing the gate now lets nothing run on.
    await rm(`${d}.gate`, { force: true });
    await new Promise((r) => setTimeout(r, 300));
    expect(existsSync(`${d}.after`)).toBe(false);
    expect(existsSync(`${d}.b`)).toBe(false);
    await expect(cancelFlowRun(actor, { runId })).rejects.toMatchObject({ code: "flows.run_already_ended" });
  });

  test("another tenant can neither run the flow nor cancel its run, and writes nothing", async () => {
    const { actor } = await makeOwner();
    const other = await makeOwner("other");
    const flow = await publishedFlow(actor, {
      nodes: [start, shell("a", "true"), end],
      edges: [edge("start", "a"), edge("a", "end")],
    });
    const { runId } = await requestFlowRun(actor, { flowId: flow.id, params: {} });
    await expect(requestFlowRun(other.actor, { flowId: flow.id, params: {} })).rejects.toMatchObject({
      code: "flows.flow_not_found",
    });
    await expect(cancelFlowRun(other.actor, { runId })).rejects.toMatchObject({ code: "flows.run_not_found" });
    await expect(
      requestFlowRun(other.actor, { flowId: flow.id, params: {}, rerun: { of: runId, mode: "all" } }),
    ).rejects.toMatchObject({ code: "flows.flow_not_found" });
    await app.settle();
    const run = await runOf(actor, runId);
    expect(run).toMatchObject({ status: "success", cancelRequestedAt: null });
    const [runs] = await withTenant(actor, (tx) =>
      tx.select({ n: count() }).from(flowRuns).where(eq(flowRuns.flowId, flow.id)),
    );
    expect(runs?.n).toBe(1);
  });
});

describe("rerun", () => {
  test("of the failed nodes only: the successes are reused with their outputs and never execute again", async () => {
    const { actor } = await makeOwner();
    const d = fresh();
    const flow = await publishedFlow(actor, {
      nodes: [
        start,
        shell("a", `echo x >> ${d}.a; echo '{"v":"from a"}'`),
        shell("b", `echo x >> ${d}.b; test -e ${d}.ok`),
        shell("c", `echo x >> ${d}.c; test "{nodes.a.output.v}" = "from a"`),
        end,
      ],
      edges: [edge("start", "a"), edge("a", "b"), edge("b", "c"), edge("c", "end")],
    });
    const first = await requestFlowRun(actor, { flowId: flow.id, params: {} });
    await app.settle();
    expect((await runOf(actor, first.runId))?.status).toBe("failed");
    expect(await statuses(actor, first.runId)).toMatchObject({ a: "success", b: "failed", c: "skipped" });

    await writeFile(`${d}.ok`, "");
    const second = await requestFlowRun(actor, {
      flowId: flow.id,
      params: {},
      rerun: { of: first.runId, mode: "failed" },
    });
    await app.settle();
    expect(await runOf(actor, second.runId)).toMatchObject({
      status: "success",
      triggerType: "rerun",
      rerunOf: first.runId,
      rerunMode: "failed",
    });
    const before = await nodesOf(actor, first.runId);
    const after = await nodesOf(actor, second.runId);
    expect(after.a).toMatchObject({ status: "reused", output: { v: "from a" }, reusedFrom: before.a?.id });
    expect(after.b?.status).toBe("success");
    expect(after.c?.status).toBe("success");
    // a executed once in all; b twice (failed, then the rerun); c once, in the rerun.
    expect([await lines(`${d}.a`), await lines(`${d}.b`), await lines(`${d}.c`)]).toEqual([1, 2, 1]);

    // From b: b and what follows execute again; a is still the first run's, reused once more.
    const third = await requestFlowRun(actor, {
      flowId: flow.id,
      params: {},
      rerun: { of: second.runId, mode: "from", from: "b" },
    });
    await app.settle();
    expect((await runOf(actor, third.runId))?.status).toBe("success");
    expect((await nodesOf(actor, third.runId)).a).toMatchObject({ status: "reused", reusedFrom: before.a?.id });
    expect([await lines(`${d}.a`), await lines(`${d}.b`), await lines(`${d}.c`)]).toEqual([1, 3, 2]);
  });
});

describe("job nodes", () => {
  test("a job node runs the job's current version as a job run of trigger flow, with upstream values as its parameters", async () => {
    const { actor } = await makeOwner();
    const job = await saveJob(
      actor,
      jobInput({
        name: `Job ${Math.random().toString(36).slice(2, 8)}`,
        config: { type: "shell", command: `printf '{"got":"%s"}\\n' {Host}`, timeoutMs: 30_000 },
        parameters: [{ name: "Host", default: "localhost" }],
      }),
    );
    const flow = await publishedFlow(actor, {
      nodes: [
        start,
        shell("a", `echo '{"host":"db1; rm -rf x"}'`),
        {
          id: "j",
          type: "job",
          position: at,
          data: { name: "j", jobId: job.id, params: { Host: "{nodes.a.output.host}" }, policy: DEFAULT_NODE_POLICY },
        },
        end,
      ],
      edges: [edge("start", "a"), edge("a", "j"), edge("j", "end")],
    });
    const { runId } = await requestFlowRun(actor, { flowId: flow.id, params: {} });
    await app.settle();
    expect((await runOf(actor, runId))?.status).toBe("success");
    const node = (await nodesOf(actor, runId)).j;
    expect(node).toMatchObject({ status: "success", output: { got: "db1; rm -rf x" } });
    const [jobRun] = await withTenant(actor, (tx) =>
      tx
        .select()
        .from(jobRuns)
        .where(eq(jobRuns.id, node?.jobRunId ?? "")),
    );
    expect(jobRun).toMatchObject({
      jobId: job.id,
      triggerType: "flow",
      status: "success",
      params: { Host: "db1; rm -rf x" },
    });
  });

  test("a failing job node is retried by the node's policy only: the job's own retry policy does not run it again behind the flow", async () => {
    const { actor } = await makeOwner();
    const job = await saveJob(
      actor,
      jobInput({
        name: `Job ${Math.random().toString(36).slice(2, 8)}`,
        config: { type: "shell", command: "exit 3", timeoutMs: 30_000 },
        retries: { count: 2, interval: "fixed", baseMs: 60_000 },
      }),
    );
    const flow = await publishedFlow(actor, {
      nodes: [
        start,
        {
          id: "j",
          type: "job",
          position: at,
          data: { name: "j", jobId: job.id, params: {}, policy: { ...DEFAULT_NODE_POLICY, onFailure: "continue" } },
        },
        end,
      ],
      edges: [edge("start", "j"), edge("j", "end", "always")],
    });
    const { runId } = await requestFlowRun(actor, { flowId: flow.id, params: {} });
    await app.settle(10 * 60_000);
    expect((await runOf(actor, runId))?.status).toBe("partial");
    const runs = await withTenant(actor, (tx) => tx.select().from(jobRuns).where(eq(jobRuns.jobId, job.id)));
    expect(runs.map((r) => [r.triggerType, r.status])).toEqual([["flow", "failed"]]);
  });

  test("a job node's timeout policy stops its job run: the node and the job run end timed out", async () => {
    const { actor } = await makeOwner();
    const job = await saveJob(
      actor,
      jobInput({
        name: `Job ${Math.random().toString(36).slice(2, 8)}`,
        config: { type: "shell", command: "sleep 30", timeoutMs: 60_000 },
      }),
    );
    const policy = { ...DEFAULT_NODE_POLICY, timeoutMs: 1_000, timeoutAction: "fail" as const };
    const flow = await publishedFlow(actor, {
      nodes: [
        start,
        { id: "j", type: "job", position: at, data: { name: "j", jobId: job.id, params: {}, policy } },
        end,
      ],
      edges: [edge("start", "j"), edge("j", "end")],
    });
    const began = Date.now();
    const { runId } = await requestFlowRun(actor, { flowId: flow.id, params: {} });
    await app.settle();
    expect(Date.now() - began).toBeLessThan(20_000);
    expect((await runOf(actor, runId))?.status).toBe("failed");
    const node = (await nodesOf(actor, runId)).j;
    expect(node?.status).toBe("timeout");
    const [jobRun] = await withTenant(actor, (tx) =>
      tx
        .select()
        .from(jobRuns)
        .where(eq(jobRuns.id, node?.jobRunId ?? "")),
    );
    expect(jobRun?.status).toBe("timeout");
  });
});

describe("gates", () => {
  // A gate names its approver: one nobody may approve is rejected at once (the approvals engine).
  const gateNode = (onTimeout: "approve" | "reject", approver: string) => ({
    id: "g",
    type: "gate",
    position: at,
    data: {
      name: "g",
      level: { name: "g", kind: "single", users: [approver], roles: [] },
      timeoutHours: 1,
      onTimeout,
      policy: DEFAULT_NODE_POLICY,
    },
  });

  test("a gate waits for its decision; approved, the run goes on", async () => {
    const { actor } = await makeOwner();
    const approver = await makeMember(actor, "MEMBER");
    const d = fresh();
    const flow = await publishedFlow(actor, {
      nodes: [start, gateNode("reject", approver.userId), shell("b", `touch ${d}.b`), end],
      edges: [edge("start", "g"), edge("g", "b"), edge("b", "end")],
    });
    const { runId } = await requestFlowRun(actor, { flowId: flow.id, params: {} });
    await app.settle();
    const waiting = (await nodesOf(actor, runId)).g;
    expect(waiting?.status).toBe("waiting");
    expect((await runOf(actor, runId))?.status).toBe("running");
    expect(existsSync(`${d}.b`)).toBe(false);
    const outbox = await withTenant(actor, (tx) =>
      enqueue(tx, actor.tenantId, [
        {
          name: "flow/gate.decided",
          data: {
            tenantId: actor.tenantId,
            flowId: flow.id,
            runId,
            runNodeId: waiting?.id ?? "",
            outcome: "approved",
            timedOut: false,
          },
        },
      ]),
    );
    dispatch(outbox);
    await app.settle();
    expect((await runOf(actor, runId))?.status).toBe("success");
    expect(await statuses(actor, runId)).toMatchObject({ g: "success", b: "success" });
    expect(existsSync(`${d}.b`)).toBe(true);
  });

  test("a gate nobody decides takes its timeout action: rejected, the run fails and what follows is skipped", async () => {
    const { actor } = await makeOwner();
    const approver = await makeMember(actor, "MEMBER");
    const d = fresh();
    const flow = await publishedFlow(actor, {
      nodes: [start, gateNode("reject", approver.userId), shell("b", `touch ${d}.b`), end],
      edges: [edge("start", "g"), edge("g", "b"), edge("b", "end")],
    });
    const { runId } = await requestFlowRun(actor, { flowId: flow.id, params: {} });
    await app.settle(2 * 3_600_000);
    expect((await runOf(actor, runId))?.status).toBe("failed");
    expect(await statuses(actor, runId)).toMatchObject({ g: "failed", b: "skipped" });
    expect((await nodesOf(actor, runId)).g?.output).toEqual({ outcome: "rejected", timedOut: true });
    expect(existsSync(`${d}.b`)).toBe(false);
  });
});

describe("cancel of a waiting gate", () => {
  test("closes the gate and the run at once; the wait is over", async () => {
    const { actor } = await makeOwner();
    const approver = await makeMember(actor, "MEMBER");
    const d = fresh();
    const flow = await publishedFlow(actor, {
      nodes: [
        start,
        {
          id: "g",
          type: "gate",
          position: at,
          data: {
            name: "g",
            level: { name: "g", kind: "single", users: [approver.userId], roles: [] },
            timeoutHours: 1,
            onTimeout: "approve",
            policy: DEFAULT_NODE_POLICY,
          },
        },
        shell("b", `touch ${d}.b`),
        end,
      ],
      edges: [edge("start", "g"), edge("g", "b"), edge("b", "end")],
    });
    const { runId } = await requestFlowRun(actor, { flowId: flow.id, params: {} });
    await app.settle();
    expect((await nodesOf(actor, runId)).g?.status).toBe("waiting");
    expect(await cancelFlowRun(actor, { runId })).toEqual({ status: "cancelled" });
    // Past the gate's timeout (whose action would approve it): nothing runs on.
    await app.settle(2 * 3_600_000);
    expect((await runOf(actor, runId))?.status).toBe("cancelled");
    expect(await statuses(actor, runId)).toMatchObject({ g: "cancelled", b: "cancelled" });
    expect(existsSync(`${d}.b`)).toBe(false);
  });
});

describe("redelivery", () => {
  test("a node found running with no live runner is closed as failed, interrupted, and its command is not run again", async () => {
    const { actor } = await makeOwner();
    const d = fresh();
    const flow = await publishedFlow(actor, {
      nodes: [start, shell("a", `touch ${d}.a`), end],
      edges: [edge("start", "a"), edge("a", "end")],
    });
    // Written directly, without its event: as a server that died mid-node left it.
    const runId = await withTenant(actor, async (tx) => {
      const [run] = await tx
        .insert(flowRuns)
        .values({ flowId: flow.id, version: 1, triggerType: "manual", status: "running" })
        .returning();
      if (!run) throw new Error("no run");
      await tx.insert(flowRunNodes).values([
        { runId: run.id, nodeId: "start", kind: "start", status: "success" },
        {
          runId: run.id,
          nodeId: "a",
          kind: "shell",
          status: "running",
          attempt: 1,
          runner: `${os.hostname()}:999999999`,
          heartbeatAt: new Date(),
        },
        { runId: run.id, nodeId: "end", kind: "end" },
      ]);
      return run.id;
    });
    expect(await runNode({ tenantId: actor.tenantId, runId, nodeId: "a", attempt: 1 })).toEqual({ status: "failed" });
    const node = (await nodesOf(actor, runId)).a;
    expect(node?.status).toBe("failed");
    expect(node?.error).toContain("flows.node_interrupted");
    expect(existsSync(`${d}.a`)).toBe(false);
  });
});
