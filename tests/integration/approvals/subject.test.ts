import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { subjectTasks, subjectTimeline } from "@/db/queries/approvals";
import { approvalTasks, auditLog } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { decideSubject } from "@/lib/approvals/decide-subject";
import { expireSubject } from "@/lib/approvals/expire-level";
import type { FlowLevel } from "@/lib/approvals/flow";
import { requestApproval } from "@/lib/approvals/request-approval";
import { registerSubject, type Subject, type SubjectRef } from "@/lib/approvals/subject";
import { transferTask } from "@/lib/approvals/transfer-approval";
import { renderStored } from "@/lib/i18n/translate";
import { makeMember, makeOwner } from "../../support/factory";

/**
 * The engine decides on any subject, not only work orders: a test-only subject ("gate") kept in
 * memory, registered here, goes through request → approve / reject / expire, and its own hooks
 * decide who may not approve (its four-eyes rule) and what its outcomes do.
 */
type Gate = { tenantId: string; requesterId: string; status: string; currentLevel: number | null; levels: FlowLevel[] };
const gates = new Map<string, Gate>();
const ran: { id: string; hook: string; detail?: unknown }[] = [];
const hooksOf = (id: string) => ran.filter((r) => r.id === id).map((r) => r.hook);

registerSubject<Subject>({
  type: "test_gate",
  noun: "gate",
  async lock(_tx, id) {
    const gate = gates.get(id);
    if (!gate) throw new Error("no such gate");
    return { type: "test_gate", id, ...gate };
  },
  async barred(_tx, s) {
    return { userIds: [s.requesterId as string], self: "Gates: not your own.", named: "Gates: not the requester." };
  },
  async onLevel(_tx, s, level) {
    (gates.get(s.id) as Gate).currentLevel = level;
    ran.push({ id: s.id, hook: `level ${level}` });
  },
  async onApproved(_tx, s) {
    (gates.get(s.id) as Gate).status = "approved";
    ran.push({ id: s.id, hook: "approved" });
    return [];
  },
  async onRejected(_tx, s, rejection) {
    (gates.get(s.id) as Gate).status = "rejected";
    ran.push({ id: s.id, hook: "rejected", detail: rejection });
    return [];
  },
  async onExpired(_tx, s, level) {
    (gates.get(s.id) as Gate).status = "expired";
    ran.push({ id: s.id, hook: `expired ${level}` });
    return [];
  },
  announce: () => [],
});

const lvl = (kind: FlowLevel["kind"], users: string[], extra: Partial<FlowLevel> = {}): FlowLevel => ({
  name: `${kind} level`,
  kind,
  users,
  roles: [],
  timeoutHours: null,
  ...extra,
});

async function setup() {
  const owner = await makeOwner("gate-owner");
  const a = await makeMember(owner.actor, "MEMBER", "gate-a");
  const b = await makeMember(owner.actor, "MEMBER", "gate-b");
  const requester = await makeMember(owner.actor, "MEMBER", "gate-req");
  return { owner, a, b, requester };
}
type People = Awaited<ReturnType<typeof setup>>;

/** A gate asking for approval along `levels` (requested in the requester's own transaction). */
async function gate(p: People, levels: FlowLevel[]): Promise<SubjectRef> {
  const id = randomUUID();
  gates.set(id, {
    tenantId: p.owner.actor.tenantId,
    requesterId: p.requester.userId,
    status: "pending",
    currentLevel: null,
    levels,
  });
  await withTenant(p.requester.actor, async (tx) => {
    const subject = { type: "test_gate", id, ...(gates.get(id) as Gate) };
    await requestApproval(tx, subject);
  });
  return { type: "test_gate", id };
}

const tasks = (p: People, ref: SubjectRef) => withTenant(p.owner.actor, (tx) => subjectTasks(tx, ref));
const timeline = async (p: People, ref: SubjectRef) =>
  (await withTenant(p.owner.actor, (tx) => subjectTimeline(tx, ref))).map((r) => r.record.action);

describe("a subject that is not a work order", () => {
  test("approve: countersign then single; each level opens through its hook and onApproved runs", async () => {
    const p = await setup();
    const ref = await gate(p, [lvl("countersign", [p.a.userId, p.b.userId]), lvl("single", [p.owner.userId])]);
    expect(hooksOf(ref.id)).toEqual(["level 0"]);
    expect(await decideSubject(p.a.actor, ref, "approved", "")).toMatchObject({ status: "pending" });
    expect(hooksOf(ref.id)).toEqual(["level 0"]);
    expect(await decideSubject(p.b.actor, ref, "approved", "fine")).toMatchObject({ status: "pending" });
    expect(hooksOf(ref.id)).toEqual(["level 0", "level 1"]);
    expect(await decideSubject(p.owner.actor, ref, "approved", "")).toMatchObject({ status: "approved" });
    expect(hooksOf(ref.id)).toEqual(["level 0", "level 1", "approved"]);
    expect(gates.get(ref.id)?.status).toBe("approved");

    // Tasks and timeline are the subject's; no work order is named.
    const rows = await tasks(p, ref);
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => [r.task.level, r.task.approverId, r.task.status])).toEqual(
      expect.arrayContaining([
        [0, p.a.userId, "approved"],
        [0, p.b.userId, "approved"],
        [1, p.owner.userId, "approved"],
      ]),
    );
    expect(rows.every((r) => r.task.subjectType === "test_gate" && r.task.orderId === null)).toBe(true);
    expect(await timeline(p, ref)).toEqual(["approve", "approve", "approve", "approved"]);
    const audited = await withTenant(p.owner.actor, (tx) =>
      tx.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, ref.id)),
    );
    expect(audited.map((r) => r.action)).toEqual(["test_gate.approve", "test_gate.approve", "test_gate.approve"]);
  });

  test("reject: onRejected gets the approver's reason and the level's other tasks are cancelled", async () => {
    const p = await setup();
    const ref = await gate(p, [lvl("countersign", [p.a.userId, p.b.userId])]);
    await expect(decideSubject(p.a.actor, ref, "rejected", "  ")).rejects.toThrow(/needs a reason/);
    expect(await decideSubject(p.a.actor, ref, "rejected", "not now")).toMatchObject({ status: "rejected" });
    expect(ran.filter((r) => r.id === ref.id && r.hook === "rejected").map((r) => r.detail)).toEqual([
      { level: 0, reason: "not now", by: "approver" },
    ]);
    expect((await tasks(p, ref)).map((r) => r.task.status).sort()).toEqual(["cancelled", "rejected"]);
    // Decided: the engine refuses in the subject's own words.
    await expect(decideSubject(p.b.actor, ref, "approved", "")).rejects.toThrow(
      "This gate was already rejected: nothing was changed.",
    );
  });

  test("four eyes comes from the subject's hook: no task, no decision, no transfer for the barred", async () => {
    const p = await setup();
    const ref = await gate(p, [lvl("or", [p.requester.userId, p.a.userId])]);
    expect((await tasks(p, ref)).map((r) => r.task.approverId)).toEqual([p.a.userId]);
    await expect(decideSubject(p.requester.actor, ref, "approved", "")).rejects.toThrow("Gates: not your own.");
    await expect(transferTask(p.a.actor, ref, { toUserId: p.requester.userId })).rejects.toThrow(
      "Gates: not the requester.",
    );
    expect(hooksOf(ref.id)).toEqual(["level 0"]);
    expect(await decideSubject(p.a.actor, ref, "approved", "")).toMatchObject({ status: "approved" });
  });

  test("a level only the barred could approve: the system rejects through onRejected", async () => {
    const p = await setup();
    const ref = await gate(p, [lvl("single", [p.requester.userId])]);
    const hooks = ran.filter((r) => r.id === ref.id);
    expect(hooks.map((r) => [r.hook, r.detail])).toEqual([
      ["rejected", { level: 0, reason: expect.any(String), by: "system" }],
    ]);
    // The reason is stored as a code, told to each reader in their language.
    const reason = (hooks[0]?.detail as { reason?: string } | undefined)?.reason ?? "";
    expect(renderStored("en", reason)).toBe('No member can approve level "single level" any more.');
    expect(renderStored("zh-CN", reason)).toBe("已没有成员可以审批级别“single level”。");
    expect(await timeline(p, ref)).toEqual(["reject"]);
  });

  test("expire: onExpired runs for the level still waiting, and only for it", async () => {
    const p = await setup();
    const ref = await gate(p, [lvl("single", [p.a.userId], { timeoutHours: 1 })]);
    const tenantId = p.owner.actor.tenantId;
    expect(await expireSubject({ tenantId, subject: ref, level: 1 })).toBe(false);
    expect(await expireSubject({ tenantId, subject: ref, level: 0 })).toBe(true);
    expect(hooksOf(ref.id)).toEqual(["level 0", "expired 0"]);
    const pending = await withTenant(p.owner.actor, (tx) =>
      tx
        .select()
        .from(approvalTasks)
        .where(and(eq(approvalTasks.subjectId, ref.id), eq(approvalTasks.status, "pending"))),
    );
    expect(pending).toEqual([]);
  });
});
