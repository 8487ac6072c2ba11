import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { listGatesToApprove } from "@/db/queries/approvals";
import {
  approvalTasks,
  auditLog,
  eventOutbox,
  flowRunNodes,
  flowRuns,
  jobFlows,
  jobFlowVersions,
  mailOutbox,
} from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { loadApprovalLink } from "@/lib/approvals/approval-links";
import { decideByLink } from "@/lib/approvals/decide-by-link";
import { decideSubject } from "@/lib/approvals/decide-subject";
import type { LevelKind } from "@/lib/approvals/flow";
import { closeGateNode, FLOW_GATE, lockGate } from "@/lib/approvals/subjects/flow-gate";
import { transferTask } from "@/lib/approvals/transfer-approval";
import { cancelFlowRun } from "@/lib/flows/cancel-run";
import { DEFAULT_NODE_POLICY } from "@/lib/flows/catalog";
import type { FlowGraph } from "@/lib/flows/graph";
import { requestFlowRun } from "@/lib/flows/request-run";
import { failFlowRun } from "@/lib/flows/run-state";
import type { Actor } from "@/lib/tenants/actor";
import { makeMember, makeOwner } from "../../support/factory";
import { appExecutor } from "../inngest/app-executor";

// Approval gates through the approvals engine (issue 18, item 3), on the embedded executor: the
// real flow-run function, the gate's approval tasks, the approver's email (no SMTP_URL in tests:
// it lands in the mail outbox) and its links, decided without a session.
const app = appExecutor({ withoutCron: true });
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "opsdesk-gates-"));
  await app.start();
});
afterAll(async () => {
  await app.stop();
  await rm(dir, { recursive: true, force: true });
});

const HOUR = 3_600_000;
const at = { x: 0, y: 0 };
const edge = (source: string, target: string) => ({
  id: `${source}-${target}`,
  source,
  target,
  sourceHandle: source === "start" ? "out" : "success",
});

/** Owner (who starts the runs) and two approvers; a published flow start → gate → shell b (touches a file) → end. */
async function gateFlow(
  opts: {
    /** Approvers besides the two (countersign races). */
    more?: number;
    kind?: LevelKind;
    onTimeout?: "approve" | "reject";
    users?: (ids: string[]) => string[];
  } = {},
) {
  const owner = await makeOwner("gate-owner");
  const a1 = await makeMember(owner.actor, "MEMBER", "gate-approver1");
  const a2 = await makeMember(owner.actor, "MEMBER", "gate-approver2");
  const others = [];
  for (let i = 0; i < (opts.more ?? 0); i++) others.push(await makeMember(owner.actor, "MEMBER", `gate-more${i}`));
  const marker = path.join(dir, Math.random().toString(36).slice(2));
  const users = opts.users?.([owner.userId, a1.userId, a2.userId]) ?? [
    a1.userId,
    a2.userId,
    ...others.map((o) => o.userId),
  ];
  const graph = {
    nodes: [
      { id: "start", type: "start", position: at, data: {} },
      {
        id: "g",
        type: "gate",
        position: at,
        data: {
          name: "Ship it",
          level: { name: "Release", kind: opts.kind ?? "or", users, roles: [], timeoutHours: null },
          timeoutHours: 1,
          onTimeout: opts.onTimeout ?? "reject",
          policy: DEFAULT_NODE_POLICY,
        },
      },
      {
        id: "b",
        type: "shell",
        position: at,
        data: {
          name: "b",
          config: { command: `echo ran >> ${marker}`, workdir: "", envKeys: [], timeoutMs: 30_000 },
          policy: DEFAULT_NODE_POLICY,
        },
      },
      { id: "end", type: "end", position: at, data: {} },
    ],
    edges: [edge("start", "g"), edge("g", "b"), edge("b", "end")],
  } as unknown as FlowGraph;
  const flow = await withTenant(owner.actor, async (tx) => {
    const [flow] = await tx
      .insert(jobFlows)
      .values({ name: `Gated ${Math.random().toString(36).slice(2, 8)}`, graph, publishedVersion: 1 })
      .returning();
    if (!flow) throw new Error("no flow");
    await tx.insert(jobFlowVersions).values({ flowId: flow.id, version: 1, graph, parallelism: 4 });
    return flow;
  });
  const { runId } = await requestFlowRun(owner.actor, { flowId: flow.id, params: {} });
  await app.settle();
  const gate = await gateNode(owner.actor, runId);
  return {
    owner,
    a1,
    a2,
    others,
    flow,
    runId,
    gate,
    ran: async () => (existsSync(marker) ? (await readFile(marker, "utf8")).split("\n").filter(Boolean).length : 0),
  };
}

const gateNode = async (actor: Actor, runId: string) =>
  (
    await withTenant(actor, (tx) =>
      tx
        .select()
        .from(flowRunNodes)
        .where(and(eq(flowRunNodes.runId, runId), eq(flowRunNodes.nodeId, "g"))),
    )
  )[0] as typeof flowRunNodes.$inferSelect;
const runStatus = async (actor: Actor, runId: string) =>
  (await withTenant(actor, (tx) => tx.select().from(flowRuns).where(eq(flowRuns.id, runId))))[0]?.status;
const tasksOf = (actor: Actor, runNodeId: string) =>
  withTenant(actor, (tx) =>
    tx
      .select()
      .from(approvalTasks)
      .where(and(eq(approvalTasks.subjectType, FLOW_GATE), eq(approvalTasks.subjectId, runNodeId))),
  );
const mailsTo = (actor: Actor, to: string) =>
  withTenant(actor, (tx) =>
    tx.select().from(mailOutbox).where(eq(mailOutbox.to, to)).orderBy(desc(mailOutbox.createdAt)),
  );
/** The approver's latest email and its two link tokens. */
async function mailTo(actor: Actor, to: string) {
  const [mail] = await mailsTo(actor, to);
  if (!mail) throw new Error(`no mail to ${to}`);
  return {
    mail,
    approve: /Approve: \S+\/approve\/(\S+)/.exec(mail.text)?.[1] as string,
    reject: /Reject: +\S+\/approve\/(\S+)/.exec(mail.text)?.[1] as string,
  };
}
const decidedEvents = (actor: Actor, runNodeId: string) =>
  withTenant(actor, (tx) =>
    tx
      .select()
      .from(eventOutbox)
      .where(and(eq(eventOutbox.name, "flow/gate.decided"), sql`${eventOutbox.data} ->> 'runNodeId' = ${runNodeId}`)),
  );

describe("an approval gate", () => {
  test("opens a task per approver and mails each the links; approved from the email without a session, the run goes on", async () => {
    const { owner, a1, a2, flow, runId, gate, ran } = await gateFlow();
    expect(gate.status).toBe("waiting");
    expect(await ran()).toBe(0);
    const tasks = await tasksOf(owner.actor, gate.id);
    expect(tasks.map((t) => [t.approverId, t.status, t.kind]).sort()).toEqual(
      [
        [a1.userId, "pending", "or"],
        [a2.userId, "pending", "or"],
      ].sort(),
    );
    const m1 = await mailTo(owner.actor, a1.email);
    const m2 = await mailTo(owner.actor, a2.email);
    expect(m1.mail.subject).toContain("Ship it");
    expect(m1.mail.text).toContain(flow.name);
    expect(m1.mail.text).toContain(`/flows/${flow.id}/runs/${runId}`);
    expect(m2.approve).toMatch(new RegExp(`^${owner.tenant.id}\\.`));
    expect(await mailsTo(owner.actor, owner.email)).toEqual([]);

    // The inbox lists it for each approver (linking to the run), not for the starter.
    const inbox = (a: Actor) => withTenant(a, (tx) => listGatesToApprove(tx, a.userId));
    expect(await inbox(a1.actor)).toMatchObject([
      {
        runId,
        flowId: flow.id,
        flowName: flow.name,
        gateName: "Ship it",
        starterName: expect.stringContaining("gate-owner"),
      },
    ]);
    expect(await inbox(owner.actor)).toEqual([]);

    // The link's page (a GET) shows the gate and changes nothing.
    const view = await loadApprovalLink(m1.approve);
    expect(view).toMatchObject({ ok: true, gate: { action: "approve", flowName: flow.name, gateName: "Ship it" } });
    expect((await gateNode(owner.actor, runId)).status).toBe("waiting");

    // No session: the token is the credential.
    expect(await decideByLink({ token: m1.approve, decision: "approve", comment: "" })).toMatchObject({
      status: "approved",
      outcome: "approved",
      subject: { type: FLOW_GATE, id: gate.id },
    });
    await app.settle();
    expect(await runStatus(owner.actor, runId)).toBe("success");
    expect(await ran()).toBe(1);
    expect((await gateNode(owner.actor, runId)).output).toEqual({ outcome: "approved", timedOut: false });
    expect(await inbox(a1.actor)).toEqual([]);
    expect(await inbox(a2.actor)).toEqual([]);
    // The other approver's task ended with the or-sign; their links now say who decided, read-only.
    expect((await tasksOf(owner.actor, gate.id)).find((t) => t.approverId === a2.userId)?.status).toBe("cancelled");
    for (const token of [m2.approve, m2.reject, m1.approve]) {
      const dead = await loadApprovalLink(token);
      expect(dead.ok).toBe(false);
    }
    expect(await loadApprovalLink(m2.approve)).toMatchObject({ ok: false, dead: { state: "decided" } });
    await expect(decideByLink({ token: m2.approve, decision: "approve", comment: "" })).rejects.toThrow(
      /already decided/,
    );
    const [audited] = await withTenant(owner.actor, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, "flow_gate.approve"), eq(auditLog.targetId, gate.id))),
    );
    expect(audited).toMatchObject({ actorId: a1.userId, actorLabel: "via email" });
  });

  test("a rejection from the email fails the gate, and what follows is skipped", async () => {
    const { owner, a1, runId, ran } = await gateFlow();
    const m1 = await mailTo(owner.actor, a1.email);
    await expect(decideByLink({ token: m1.reject, decision: "reject", comment: "" })).rejects.toThrow(/reason/i);
    await decideByLink({ token: m1.reject, decision: "reject", comment: "not today" });
    await app.settle();
    expect(await runStatus(owner.actor, runId)).toBe("failed");
    expect(await ran()).toBe(0);
  });

  test("four eyes: the run's starter gets no task and is refused; a gate only they could approve is rejected at once", async () => {
    const { owner, a1, runId, gate } = await gateFlow({ users: ([o, a]) => [o as string, a as string] });
    const tasks = await tasksOf(owner.actor, gate.id);
    expect(tasks.map((t) => t.approverId)).toEqual([a1.userId]);
    await expect(decideSubject(owner.actor, { type: FLOW_GATE, id: gate.id }, "approved", "")).rejects.toThrow(
      /you started this flow run/,
    );
    expect((await gateNode(owner.actor, runId)).status).toBe("waiting");

    const alone = await gateFlow({ users: ([o]) => [o as string] });
    expect(alone.gate.status).toBe("failed");
    expect(await runStatus(alone.owner.actor, alone.runId)).toBe("failed");
    expect(await tasksOf(alone.owner.actor, alone.gate.id)).toEqual([]);
  });

  test("two approvers of a countersign gate approving at the same moment: one transition, the run resumes once", async () => {
    const { owner, a1, a2, runId, gate, ran } = await gateFlow({ kind: "countersign" });
    const [m1, m2] = [await mailTo(owner.actor, a1.email), await mailTo(owner.actor, a2.email)];
    const results = await Promise.all(
      [m1, m2].map((m) => decideByLink({ token: m.approve, decision: "approve", comment: "" })),
    );
    expect(results.map((r) => r.outcome).sort()).toEqual(["approved", "waiting"]);
    await app.settle();
    expect(await runStatus(owner.actor, runId)).toBe("success");
    expect(await ran()).toBe(1);
    expect(await decidedEvents(owner.actor, gate.id)).toHaveLength(1);
    expect((await tasksOf(owner.actor, gate.id)).map((t) => t.status)).toEqual(["approved", "approved"]);
  });

  test("eight countersign approvers at once: every approval counts, the gate approves once", async () => {
    const { owner, a1, a2, others, runId, gate, ran } = await gateFlow({ kind: "countersign", more: 6 });
    const results = await Promise.allSettled(
      [a1, a2, ...others].map((a) => decideSubject(a.actor, { type: FLOW_GATE, id: gate.id }, "approved", "")),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const outcomes = results.map((r) => (r.status === "fulfilled" ? r.value.outcome : "refused"));
    expect(outcomes.filter((o) => o === "approved")).toHaveLength(1);
    await app.settle();
    expect(await runStatus(owner.actor, runId)).toBe("success");
    expect(await ran()).toBe(1);
    expect(await decidedEvents(owner.actor, gate.id)).toHaveLength(1);
  });

  test("transfer: the approver hands the gate to another member, who is emailed; the old links are dead", async () => {
    const { owner, a1, runId, gate, ran } = await gateFlow({ kind: "single", users: ([, a]) => [a as string] });
    const m1 = await mailTo(owner.actor, a1.email);
    const other = await makeMember(owner.actor, "MEMBER", "gate-delegate");
    // Not to the run's starter (four eyes).
    await expect(transferTask(a1.actor, { type: FLOW_GATE, id: gate.id }, { toUserId: owner.userId })).rejects.toThrow(
      /whoever started the flow run/,
    );
    await transferTask(a1.actor, { type: FLOW_GATE, id: gate.id }, { toUserId: other.userId });
    await app.settle();
    expect(await loadApprovalLink(m1.approve)).toMatchObject({
      ok: false,
      dead: { code: "approvals.link_transferred" },
    });
    const m3 = await mailTo(owner.actor, other.email);
    await decideByLink({ token: m3.approve, decision: "approve", comment: "" });
    await app.settle();
    expect(await runStatus(owner.actor, runId)).toBe("success");
    expect(await ran()).toBe(1);
  });

  test("a countersign gate waits for every approver", async () => {
    const { owner, a1, runId, gate, ran } = await gateFlow({ kind: "countersign" });
    const m1 = await mailTo(owner.actor, a1.email);
    expect(await decideByLink({ token: m1.approve, decision: "approve", comment: "" })).toMatchObject({
      outcome: "waiting",
    });
    await app.settle();
    expect((await gateNode(owner.actor, runId)).status).toBe("waiting");
    expect(await ran()).toBe(0);
    expect(await decidedEvents(owner.actor, gate.id)).toHaveLength(0);
  });

  test("a decision whose event matched no wait (sent before the wait began) still resumes the run within a minute", async () => {
    const { owner, runId, gate, ran } = await gateFlow({ onTimeout: "reject" });
    // The gate decided with no event reaching the run, as when it is sent before the wait exists.
    await withTenant(owner.actor, async (tx) => closeGateNode(tx, await lockGate(tx, gate.id), "approved", false));
    await app.settle(30_000);
    expect(await runStatus(owner.actor, runId)).toBe("running");
    await app.settle(60_000);
    expect(await runStatus(owner.actor, runId)).toBe("success");
    expect(await ran()).toBe(1);
  });

  test("after its timeout (action reject) the old links are dead and read-only, and the run fails", async () => {
    const { owner, a1, runId, gate, ran } = await gateFlow({ onTimeout: "reject" });
    const m1 = await mailTo(owner.actor, a1.email);
    await app.settle(2 * HOUR);
    expect(await runStatus(owner.actor, runId)).toBe("failed");
    expect(await ran()).toBe(0);
    expect((await gateNode(owner.actor, runId)).output).toEqual({ outcome: "rejected", timedOut: true });
    expect((await tasksOf(owner.actor, gate.id)).every((t) => t.status === "cancelled")).toBe(true);
    for (const token of [m1.approve, m1.reject]) {
      expect(await loadApprovalLink(token)).toMatchObject({
        ok: false,
        dead: { state: "expired", code: "approvals.link_gate_expired" },
      });
    }
    await expect(decideByLink({ token: m1.approve, decision: "approve", comment: "" })).rejects.toThrow(/timed out/);
    expect((await gateNode(owner.actor, runId)).status).toBe("failed");
    expect(await decidedEvents(owner.actor, gate.id)).toHaveLength(1);
  });

  test("after its timeout (action approve) the run goes on, and the links are still dead", async () => {
    const { owner, a1, runId, ran } = await gateFlow({ onTimeout: "approve" });
    const m1 = await mailTo(owner.actor, a1.email);
    await app.settle(2 * HOUR);
    expect(await runStatus(owner.actor, runId)).toBe("success");
    expect(await ran()).toBe(1);
    expect((await gateNode(owner.actor, runId)).output).toEqual({ outcome: "approved", timedOut: true });
    expect(await loadApprovalLink(m1.reject)).toMatchObject({ ok: false, dead: { state: "expired" } });
  });

  test("a cancel of the run ends the gate's tasks and kills its links", async () => {
    const { owner, a1, runId, gate } = await gateFlow();
    const m1 = await mailTo(owner.actor, a1.email);
    await cancelFlowRun(owner.actor, { runId });
    await app.settle();
    expect((await tasksOf(owner.actor, gate.id)).every((t) => t.status === "cancelled")).toBe(true);
    expect(await loadApprovalLink(m1.approve)).toMatchObject({
      ok: false,
      dead: { state: "closed", code: "approvals.link_gate_cancelled" },
    });
    await expect(decideByLink({ token: m1.approve, decision: "approve", comment: "" })).rejects.toThrow();
  });

  test("a run closed while its gate waits (its function failed) ends the gate's tasks too", async () => {
    const { owner, a1, runId, gate } = await gateFlow();
    const m1 = await mailTo(owner.actor, a1.email);
    await failFlowRun({ tenantId: owner.tenant.id, runId }, new Error("the executor lost the run"));
    expect(await runStatus(owner.actor, runId)).toBe("failed");
    expect((await tasksOf(owner.actor, gate.id)).map((t) => t.status)).toEqual(["cancelled", "cancelled"]);
    expect(await loadApprovalLink(m1.approve)).toMatchObject({ ok: false, dead: { state: "closed" } });
    await expect(decideByLink({ token: m1.approve, decision: "approve", comment: "" })).rejects.toThrow();
  });

  test("another tenant cannot see or decide it", async () => {
    const { owner, a1, runId, gate } = await gateFlow();
    const m1 = await mailTo(owner.actor, a1.email);
    const stranger = await makeOwner("gate-stranger");
    await expect(decideSubject(stranger.actor, { type: FLOW_GATE, id: gate.id }, "approved", "")).rejects.toThrow();
    // The secret under another tenant's id finds nothing (RLS): the link is invalid there.
    const secret = m1.approve.split(".")[1];
    const forged = `${stranger.tenant.id}.${secret}`;
    expect(await loadApprovalLink(forged)).toMatchObject({ ok: false, dead: { state: "invalid" } });
    await expect(decideByLink({ token: forged, decision: "approve", comment: "" })).rejects.toThrow(/not valid/);
    expect((await gateNode(owner.actor, runId)).status).toBe("waiting");
    expect(await tasksOf(stranger.actor, gate.id)).toEqual([]);
  });
});
