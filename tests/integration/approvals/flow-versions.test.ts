import { and, count, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { getFlow, getFlowVersion, listFlows, listFlowVersions } from "@/db/queries/approvals";
import { getOrder } from "@/db/queries/work-orders";
import { approvalFlows, approvalFlowVersions, auditLog } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { approveOrder } from "@/lib/approvals/decide-order";
import { type FlowLevel, levelsToGraph } from "@/lib/approvals/flow";
import type { ApprovalGraph } from "@/lib/approvals/flow-graph";
import { previewOrderRoute } from "@/lib/approvals/preview-order-route";
import { previewRoute } from "@/lib/approvals/preview-route";
import { publishFlow } from "@/lib/approvals/publish-flow";
import { pgCode } from "@/lib/errors";
import type { Actor } from "@/lib/tenants/actor";
import { createCategory } from "@/lib/work-orders/save-category";
import { submitOrder } from "@/lib/work-orders/submit-order";
import { asSent, publishedChain, saveGraph } from "../../support/approvals";
import { level, makeTemplate, type WoTenant, workOrderTenant } from "../../support/work-orders";

/** PostgreSQL's insufficient_privilege. */
const PERMISSION_DENIED = "42501";

const submit = (t: WoTenant, templateId: string) =>
  submitOrder(t.requester.actor, { templateId, title: "", values: { Host: "host1" } });
const order = async (t: WoTenant, id: string) => {
  const detail = await withTenant(t.owner.actor, (tx) => getOrder(tx, id));
  if (!detail) throw new Error(`order ${id} not found`);
  return detail;
};
/** Who has a pending task on the order, by user id. */
const pendingApprovers = async (t: WoTenant, id: string) =>
  (await order(t, id)).tasks
    .filter((x) => x.task.status === "pending")
    .map((x) => x.task.approverId)
    .sort();
const templateOn = (t: WoTenant, flowId: string, environmentId = t.envId) =>
  makeTemplate(t, { template: { requiresApproval: true, approvalFlowId: flowId, environmentId } });

const at = (y: number) => ({ x: 0, y: y * 120 });
const lvl = (id: string, data: FlowLevel) => ({ id, type: "approval", position: at(1), data });

/**
 * start → env? ─ environment = PROD → Change board (countersign a, b) → Team lead (c) → end
 *              ─ default ────────────────────────────────────────────→ Team lead (c) → end
 */
function conditional(t: WoTenant): ApprovalGraph {
  const [a, b, c] = t.approvers.map((p) => p.userId);
  return {
    nodes: [
      { id: "start", type: "start", position: at(0), data: {} },
      {
        id: "env",
        type: "condition",
        position: at(1),
        data: {
          rules: [{ field: "environment", op: "eq", value: t.envId, edge: "env>board" }],
          defaultEdge: "env>lead",
        },
      },
      lvl("board", level("countersign", [a as string, b as string], { name: "Change board" })),
      lvl("lead", level("single", [c as string], { name: "Team lead" })),
      { id: "end", type: "end", position: at(4), data: {} },
    ],
    edges: [
      { id: "start>env", source: "start", target: "env" },
      { id: "env>board", source: "env", target: "board" },
      { id: "env>lead", source: "env", target: "lead" },
      { id: "board>lead", source: "board", target: "lead" },
      { id: "lead>end", source: "lead", target: "end" },
    ],
  };
}

/** What a refused save must leave as it was: the flow's draft, its versions, its audit rows, the tenant's flows. */
async function footprint(actor: Actor, flowId: string) {
  return withTenant(actor, async (tx) => ({
    draft: (await getFlow(tx, flowId))?.graph,
    versions: (await listFlowVersions(tx, flowId)).length,
    audit: (await tx.select({ n: count() }).from(auditLog).where(eq(auditLog.targetType, "approval_flow")))[0]?.n,
    flows: (await tx.select({ n: count() }).from(approvalFlows))[0]?.n,
  }));
}

describe("published flow versions", () => {
  test("orders submitted on version 1 keep its levels after version 2 is published and decide to the end on them; new orders take version 2", async () => {
    const t = await workOrderTenant(3);
    const [a, b, c] = t.approvers;
    const flow = await publishedChain(t.owner.actor, [level("single", [a!.userId], { name: "Lead" })]);
    const tpl = await templateOn(t, flow.id);
    const early = await submit(t, tpl);

    await saveGraph(
      t.owner.actor,
      levelsToGraph([
        level("single", [b!.userId], { name: "Ops" }),
        level("single", [c!.userId], { name: "Security" }),
      ]),
      { id: flow.id, name: "two levels" },
    );
    // A saved draft routes nothing: until it is published, new orders still take version 1.
    const beforePublish = await submit(t, tpl);
    expect(await pendingApprovers(t, beforePublish.id)).toEqual([a!.userId]);
    expect(await publishFlow(t.owner.actor, { flowId: flow.id })).toEqual({ version: 2 });
    const late = await submit(t, tpl);

    const [v1, v2] = await withTenant(t.owner.actor, async (tx) => [
      await getFlowVersion(tx, flow.id, 1),
      await getFlowVersion(tx, flow.id, 2),
    ]);
    const first = await order(t, early.id);
    expect(first.order.approvalFlowVersionId).toBe(v1?.id);
    expect(first.order.route).toEqual({ path: ["start", "level-1", "end"], conditions: [] });
    expect((first.order.flow as FlowLevel[]).map((l) => l.name)).toEqual(["Lead"]);
    // Version 2's approvers have nothing to decide on the early order; its own approver takes it to the end.
    await expect(approveOrder(b!.actor, { orderId: early.id })).rejects.toThrow(/not an approver/);
    expect(await approveOrder(a!.actor, { orderId: early.id })).toMatchObject({ status: "approved" });
    expect((await order(t, early.id)).order.status).toBe("approved");

    const second = await order(t, late.id);
    expect(second.order.approvalFlowVersionId).toBe(v2?.id);
    expect((second.order.flow as FlowLevel[]).map((l) => l.name)).toEqual(["Ops", "Security"]);
    await expect(approveOrder(a!.actor, { orderId: late.id })).rejects.toThrow(/not an approver/);
    expect((await approveOrder(b!.actor, { orderId: late.id })).status).toBe("pending");
    expect((await approveOrder(c!.actor, { orderId: late.id })).status).toBe("approved");

    // The flow tells its state: published as version 2, nothing unpublished; two versions, newest first.
    const state = await withTenant(t.owner.actor, async (tx) => ({
      flow: await getFlow(tx, flow.id),
      listed: (await listFlows(tx)).find((f) => f.id === flow.id),
      versions: await listFlowVersions(tx, flow.id),
    }));
    expect(state.flow).toMatchObject({ publishedVersion: 2, hasUnpublishedChanges: false });
    expect(state.listed).toMatchObject({ publishedVersion: 2, hasUnpublishedChanges: false });
    expect(state.versions.map((v) => [v.version, v.publishedByName])).toEqual([
      [2, expect.stringContaining("wo-owner")],
      [1, expect.stringContaining("wo-owner")],
    ]);
  });

  test("publishing an unchanged draft is refused; a saved change shows as unpublished until published", async () => {
    const t = await workOrderTenant(2);
    const [a, b] = t.approvers;
    const flow = await publishedChain(t.owner.actor, [level("single", [a!.userId])]);
    await expect(publishFlow(t.owner.actor, { flowId: flow.id })).rejects.toMatchObject({
      code: "approvals.already_published",
      message: "Nothing changed since version 1 was published.",
    });
    await saveGraph(t.owner.actor, levelsToGraph([level("single", [b!.userId])]), { id: flow.id, name: "changed" });
    expect(await withTenant(t.owner.actor, (tx) => getFlow(tx, flow.id))).toMatchObject({
      publishedVersion: 1,
      hasUnpublishedChanges: true,
    });
    // Moving a step is a change too (the diff tells it as a move).
    const moved = levelsToGraph([level("single", [b!.userId])]);
    (moved.nodes[1] as { position: { x: number } }).position.x = 300;
    await saveGraph(t.owner.actor, moved, { id: flow.id, name: "changed" });
    expect(await publishFlow(t.owner.actor, { flowId: flow.id })).toEqual({ version: 2 });
    const audit = await withTenant(t.owner.actor, (tx) =>
      tx
        .select({ before: auditLog.before, after: auditLog.after })
        .from(auditLog)
        .where(and(eq(auditLog.action, "approval_flow.publish"), eq(auditLog.targetId, flow.id)))
        .orderBy(auditLog.id),
    );
    expect(audit.map((r) => [r.before, (r.after as { version: number }).version])).toEqual([
      [{ version: null }, 1],
      [{ version: 1 }, 2],
    ]);
  });

  test("versions are immutable for the app, and two publishes at once take one number each or refuse", async () => {
    const t = await workOrderTenant(2);
    const [a, b] = t.approvers;
    const flow = await publishedChain(t.owner.actor, [level("single", [a!.userId])]);
    await expect(
      withTenant(t.owner.actor, (tx) =>
        tx.update(approvalFlowVersions).set({ version: 9 }).where(eq(approvalFlowVersions.flowId, flow.id)),
      ),
    ).rejects.toSatisfy((e) => pgCode(e) === PERMISSION_DENIED);
    await expect(
      withTenant(t.owner.actor, (tx) =>
        tx.delete(approvalFlowVersions).where(eq(approvalFlowVersions.flowId, flow.id)),
      ),
    ).rejects.toThrow();
    await saveGraph(t.owner.actor, levelsToGraph([level("single", [b!.userId])]), { id: flow.id, name: "next" });
    const both = await Promise.allSettled([
      publishFlow(t.owner.actor, { flowId: flow.id }),
      publishFlow(t.owner.actor, { flowId: flow.id }),
    ]);
    expect(both.filter((r) => r.status === "fulfilled").map((r) => r.value)).toEqual([{ version: 2 }]);
    expect(both.find((r) => r.status === "rejected")).toMatchObject({
      reason: expect.objectContaining({ code: "approvals.already_published" }),
    });
    const versions = await withTenant(t.owner.actor, (tx) => listFlowVersions(tx, flow.id));
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
  });

  test("a PROD order and a TEST order through one conditional flow take different routes, told on the timeline", async () => {
    const t = await workOrderTenant(3);
    const [a, b, c] = t.approvers;
    const flow = await saveGraph(t.owner.actor, conditional(t), { name: "by environment" });
    await publishFlow(t.owner.actor, { flowId: flow.id });
    const test = await createCategory(t.owner.actor, { kind: "environment", name: "TEST" });
    const prodTpl = await templateOn(t, flow.id);
    const testTpl = await templateOn(t, flow.id, test.id);

    const prod = await submit(t, prodTpl);
    const other = await submit(t, testTpl);
    expect(await pendingApprovers(t, prod.id)).toEqual([a!.userId, b!.userId].sort());
    expect(await pendingApprovers(t, other.id)).toEqual([c!.userId]);

    const prodDetail = await order(t, prod.id);
    expect(prodDetail.order.route).toEqual({
      path: ["start", "env", "board", "lead", "end"],
      conditions: [{ nodeId: "env", rule: 0 }],
    });
    const routeRecord = (d: Awaited<ReturnType<typeof order>>) =>
      d.timeline.find((r) => r.record.action === "route")?.record;
    expect(prodDetail.timeline.map((r) => r.record.action).slice(0, 2)).toEqual(["submit", "route"]);
    expect(routeRecord(prodDetail)?.detail).toMatchObject({
      version: 1,
      steps: [
        { type: "condition", label: "PROD" },
        { type: "level", name: "Change board" },
        { type: "level", name: "Team lead" },
      ],
    });
    const otherDetail = await order(t, other.id);
    expect(otherDetail.order.route?.conditions).toEqual([{ nodeId: "env", rule: "default" }]);
    expect(routeRecord(otherDetail)?.detail).toMatchObject({
      version: 1,
      steps: [
        { type: "condition", label: "" },
        { type: "level", name: "Team lead" },
      ],
    });

    // Each follows its route to the end.
    expect((await approveOrder(a!.actor, { orderId: prod.id })).status).toBe("pending");
    await expect(approveOrder(c!.actor, { orderId: prod.id })).rejects.toThrow(/not an approver/);
    expect((await approveOrder(b!.actor, { orderId: prod.id })).status).toBe("pending");
    expect(await pendingApprovers(t, prod.id)).toEqual([c!.userId]);
    expect((await approveOrder(c!.actor, { orderId: prod.id })).status).toBe("approved");
    expect((await approveOrder(c!.actor, { orderId: other.id })).status).toBe("approved");
  });

  test("the submit page's preview and the designer's preview show the route and who approves", async () => {
    const t = await workOrderTenant(3);
    const [a, b, c] = t.approvers;
    const flow = await saveGraph(t.owner.actor, conditional(t), { name: "previewed" });
    const test = await createCategory(t.owner.actor, { kind: "environment", name: "TEST" });
    const prodTpl = await templateOn(t, flow.id);
    // Not published yet: the submit preview (and submit) say so; the designer previews the draft.
    await expect(previewOrderRoute(t.requester.actor, { templateId: prodTpl, values: {} })).rejects.toMatchObject({
      code: "work-orders.flow_not_published",
    });
    await expect(submit(t, prodTpl)).rejects.toMatchObject({ code: "work-orders.flow_not_published" });
    const draft = await previewRoute(t.owner.actor, {
      flowId: flow.id,
      version: 0,
      values: { environment: test.id, variables: {} },
    });
    expect(draft).toMatchObject({ version: null, levels: [{ name: "Team lead" }] });
    await publishFlow(t.owner.actor, { flowId: flow.id });

    const shown = await previewOrderRoute(t.requester.actor, { templateId: prodTpl, values: { Host: "host1" } });
    expect(shown?.version).toBe(1);
    expect(shown?.path.map((s) => [s.type, s.name])).toEqual([
      ["start", ""],
      ["condition", "PROD"],
      ["approval", "Change board"],
      ["approval", "Team lead"],
      ["end", ""],
    ]);
    expect(shown?.levels.map((l) => [l.name, l.kind, l.approvers.map((p) => p.userId)])).toEqual([
      ["Change board", "countersign", [a!.userId, b!.userId]],
      ["Team lead", "single", [c!.userId]],
    ]);
    expect(shown?.levels[0]?.approvers[0]?.name).toMatch(/approver0/);
    expect(shown?.conditions).toEqual([{ nodeId: "env", rule: 0, label: "PROD" }]);

    // The designer previews its unsaved graph: a TEST order skips the board.
    const unsaved = await previewRoute(t.owner.actor, {
      graph: asSent(conditional(t)),
      values: { environment: test.id, variables: {} },
    });
    expect(unsaved.levels.map((l) => l.name)).toEqual(["Team lead"]);
    expect(unsaved.conditions).toEqual([{ nodeId: "env", rule: "default", label: "" }]);

    // Four eyes at submit: the requester is left out of a level they would approve.
    const selfTpl = await makeTemplate(t, {
      levels: [level("or", [t.requester.userId, a!.userId])],
      template: { fourEyes: true },
    });
    const self = await previewOrderRoute(t.requester.actor, { templateId: selfTpl, values: {} });
    expect(self?.levels[0]?.approvers.map((p) => p.userId)).toEqual([a!.userId]);
    const noApproval = await makeTemplate(t);
    expect(await previewOrderRoute(t.requester.actor, { templateId: noApproval, values: {} })).toBeNull();
  });

  test("a forged save with a cycle, or with a condition without a default route, is refused by its code and writes nothing", async () => {
    const t = await workOrderTenant(3);
    const [a, b] = t.approvers;
    const flow = await publishedChain(t.owner.actor, [level("single", [a!.userId])], "kept");
    const before = await footprint(t.owner.actor, flow.id);

    // start → gate? ─ default → end;  gate → L → gate (a loop back).
    const cycle = {
      nodes: [
        { id: "start", type: "start", position: at(0), data: {} },
        { id: "gate", type: "condition", position: at(1), data: { rules: [], defaultEdge: "gate>L" } },
        lvl("L", level("single", [b!.userId])),
        { id: "end", type: "end", position: at(3), data: {} },
      ],
      edges: [
        { id: "start>gate", source: "start", target: "gate" },
        { id: "gate>L", source: "gate", target: "L" },
        { id: "L>gate", source: "L", target: "gate" },
        { id: "gate>end", source: "gate", target: "end" },
      ],
    };
    const refusedCycle = saveGraph(t.owner.actor, cycle, { id: flow.id, name: "kept" });
    await expect(refusedCycle).rejects.toMatchObject({ code: "graph.cycle" });
    const error = await refusedCycle.catch((e) => e);
    expect(error.field).toMatch(/^graph\.node\.(gate|L)$/);
    expect(error.message).toMatch(/loop/);
    await expect(saveGraph(t.owner.actor, cycle, { name: "new one" })).rejects.toMatchObject({ code: "graph.cycle" });

    const noDefault = conditional(t);
    const env = noDefault.nodes.find((n) => n.id === "env");
    if (env)
      env.data = { rules: [{ field: "environment", op: "eq", value: "PROD", edge: "env>board" }], defaultEdge: null };
    await expect(saveGraph(t.owner.actor, noDefault, { id: flow.id, name: "kept" })).rejects.toMatchObject({
      code: "graph.no_default_route",
      field: "graph.node.env",
      params: expect.objectContaining({ nodeId: "env" }),
    });
    // The strict schema refuses what the graph model does not know before any rule runs.
    expect(() => asSent({ ...cycle, nodes: [...cycle.nodes, { ...cycle.nodes[0], id: "x", label: "hi" }] })).toThrow();
    expect(() =>
      asSent({ ...cycle, nodes: [{ ...cycle.nodes[0], position: { x: Number.POSITIVE_INFINITY, y: 0 } }] }),
    ).toThrow();

    expect(await footprint(t.owner.actor, flow.id)).toEqual(before);
    // Still publishable as it was, and orders still route through version 1.
    await expect(publishFlow(t.owner.actor, { flowId: flow.id })).rejects.toMatchObject({
      code: "approvals.already_published",
    });
  });

  test("another tenant's flow id: nothing to read, preview, publish or save", async () => {
    const us = await workOrderTenant(1);
    const them = await workOrderTenant(1);
    const flow = await publishedChain(us.owner.actor, [level("single", [us.approvers[0]!.userId])]);
    await saveGraph(us.owner.actor, levelsToGraph([level("or", [us.approvers[0]!.userId])]), {
      id: flow.id,
      name: "ours",
    });
    const intruder = them.owner.actor;
    const seen = await withTenant(intruder, async (tx) => ({
      flow: await getFlow(tx, flow.id),
      versions: await listFlowVersions(tx, flow.id),
      version: await getFlowVersion(tx, flow.id, 1),
      listed: (await listFlows(tx)).some((f) => f.id === flow.id),
      rows: await tx.select({ id: approvalFlowVersions.id }).from(approvalFlowVersions),
    }));
    expect(seen).toEqual({ flow: null, versions: [], version: null, listed: false, rows: [] });
    const notFound = { code: "common.not_found" };
    await expect(previewRoute(intruder, { flowId: flow.id, values: { variables: {} } })).rejects.toMatchObject(
      notFound,
    );
    await expect(
      previewRoute(intruder, { flowId: flow.id, version: 0, values: { variables: {} } }),
    ).rejects.toMatchObject(notFound);
    await expect(publishFlow(intruder, { flowId: flow.id })).rejects.toMatchObject(notFound);
    await expect(
      saveGraph(intruder, levelsToGraph([level("single", [them.approvers[0]!.userId])]), { id: flow.id, name: "x" }),
    ).rejects.toMatchObject(notFound);
    const ours = await withTenant(us.owner.actor, (tx) => getFlow(tx, flow.id));
    expect(ours).toMatchObject({ name: "ours", publishedVersion: 1, hasUnpublishedChanges: true });
  });

  test("a member without flows.manage can neither save, publish nor preview a flow", async () => {
    const t = await workOrderTenant(1);
    const flow = await publishedChain(t.owner.actor, [level("single", [t.approvers[0]!.userId])]);
    const member = t.requester.actor;
    await expect(publishFlow(member, { flowId: flow.id })).rejects.toThrow(/Manage approval flows|permission/);
    await expect(previewRoute(member, { flowId: flow.id, values: { variables: {} } })).rejects.toThrow(/permission/);
    await expect(saveGraph(member, levelsToGraph([level("single", [t.approvers[0]!.userId])]))).rejects.toThrow(
      /permission/,
    );
  });
});
