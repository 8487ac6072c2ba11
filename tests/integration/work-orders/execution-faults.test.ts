import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { database } from "@/db/client";
import { executionOutput, getExecution, getOrder } from "@/db/queries/work-orders";
import { auditLog, eventOutbox, woExecutionOutput, woExecutions } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { renderMessage } from "@/lib/i18n/translate";
import { ZSaveTemplate, ZSubmitOrder } from "@/lib/validation/work-orders";
import { cancelExecution } from "@/lib/work-orders/cancel-execution";
import { failExecution } from "@/lib/work-orders/fail-execution";
import { reconcileExecutions } from "@/lib/work-orders/reconcile-executions";
import { runExecution } from "@/lib/work-orders/run-execution";
import { startExecution } from "@/lib/work-orders/start-execution";
import { submitOrder } from "@/lib/work-orders/submit-order";
import { rowsOf } from "../../support/rows";
import { makeTemplate, type WoTenant, workOrderTenant } from "../../support/work-orders";

// Temp folders of commands go to a folder of this file's own, so "none left behind" is checkable.
let tmp = "";
const savedTmp = process.env.TMPDIR;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "opsdesk-faults-"));
  process.env.TMPDIR = tmp;
});
afterAll(async () => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  await rm(tmp, { recursive: true, force: true });
});

const output = async (t: WoTenant, executionId: string) =>
  (await withTenant(t.owner.actor, (tx) => executionOutput(tx, executionId, -1))).map((l) => l.line);
const execution = (t: WoTenant, id: string) => withTenant(t.owner.actor, (tx) => getExecution(tx, id));

async function until(check: () => boolean | Promise<boolean>, deadlineMs = 5_000): Promise<boolean> {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return check();
}

/** An approved order (no approval) with a queued execution. */
async function queued(t: WoTenant, command = "echo {Host}") {
  const tpl = await makeTemplate(t, { template: { command } });
  const o = await submitOrder(t.requester.actor, { templateId: tpl, title: "", values: { Host: "host1" } });
  const { executionId } = await startExecution(t.requester.actor, { orderId: o.id });
  return { orderId: o.id, executionId };
}

/** As if a server had claimed the execution, written some output and died (`runner` names it). */
async function orphan(
  t: WoTenant,
  executionId: string,
  opts: { runner: string | null; pgid?: number | null; lines?: number; heartbeatAgoMs?: number | null },
) {
  await withTenant(t.owner.actor, async (tx) => {
    await tx
      .update(woExecutions)
      .set({
        status: "running",
        startedAt: sql`now() - interval '10 minutes'`,
        runner: opts.runner,
        pgid: opts.pgid ?? null,
        heartbeatAt:
          opts.heartbeatAgoMs == null ? null : sql`now() - ${`${opts.heartbeatAgoMs} milliseconds`}::interval`,
      })
      .where(eq(woExecutions.id, executionId));
    const n = opts.lines ?? 0;
    if (n > 0)
      await tx
        .insert(woExecutionOutput)
        .values(
          Array.from({ length: n }, (_, i) => ({ executionId, seq: i, stream: "stdout" as const, line: `line ${i}` })),
        );
  });
}

/** A pid no process has (a process that has exited and was reaped). */
async function deadPid(): Promise<number> {
  const p = spawn("true");
  await new Promise((r) => p.on("exit", r));
  return p.pid as number;
}

/** A process group standing in for a command left by a dead server (with or without the execution's marker). */
function leftover(marker: string | null): ChildProcess {
  return spawn("/bin/sh", ["-c", "sleep 60 & sleep 60"], {
    detached: true,
    stdio: "ignore",
    env: {
      PATH: process.env.PATH,
      ...(marker ? { OPSDESK_EXECUTION_ID: marker } : {}),
    } as unknown as NodeJS.ProcessEnv,
  });
}

function groupAlive(pgid: number): boolean {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(pgrp) === pgid && state !== "Z") return true;
    } catch {
      // gone
    }
  }
  return false;
}

/** Everything a user and the notifications see of an execution's end. */
async function recorded(t: WoTenant, orderId: string, executionId: string) {
  // The outbox row is what matters (it is sent after commit, or by the relay).
  return withTenant(t.owner.actor, async (tx) => {
    const detail = await getOrder(tx, orderId);
    const audits = await tx.select().from(auditLog).where(eq(auditLog.targetId, executionId));
    const events = await tx
      .select()
      .from(eventOutbox)
      .where(
        and(
          eq(eventOutbox.name, "work-order/execution.finished"),
          sql`${eventOutbox.data}->>'executionId' = ${executionId}`,
        ),
      );
    const [stored] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(woExecutionOutput)
      .where(eq(woExecutionOutput.executionId, executionId));
    const execution = await getExecution(tx, executionId);
    return {
      // Its error as an English reader is shown it (stored as a code, rendered per reader).
      execution: execution && { ...execution, error: execution.error && renderMessage("en", execution.error) },
      lastExecutionStatus: detail?.order.lastExecutionStatus,
      timeline: detail?.timeline.map((r) => r.record.action) ?? [],
      audits: audits.map((a) => a.action),
      events: events.map((e) => (e.data as { status: string }).status),
      storedLines: stored?.n ?? 0,
    };
  });
}

describe("values a process cannot carry", () => {
  test("a NUL byte is refused at template save and at submit, with a field error", () => {
    const template = ZSaveTemplate.safeParse({
      tenant: "acme",
      name: "x",
      environmentId: crypto.randomUUID(),
      purposeId: crypto.randomUUID(),
      command: "echo {Token}",
      submitRoles: ["OWNER"],
      requiresApproval: false,
      internalVariables: { Token: "abc\u0000def" },
    });
    expect(template.success).toBe(false);
    expect(template.error?.issues[0]).toMatchObject({
      path: ["internalVariables", "Token"],
    });
    expect(renderMessage("en", template.error?.issues[0]?.message ?? "")).toMatch(/NUL/);
    const submit = ZSubmitOrder.safeParse({
      tenant: "acme",
      templateId: crypto.randomUUID(),
      values: { Host: "a\u0000b", Many: ["ok", "x\u0000"] },
      idempotencyKey: crypto.randomUUID(),
    });
    expect(submit.success).toBe(false);
    expect(submit.error?.issues.map((i) => i.path.join("."))).toEqual(
      expect.arrayContaining(["values.Host", "values.Many.1"]),
    );
  });

  test("a NUL in a stored internal value ends the execution failed, plainly, with no temp dir and the secret nowhere", async () => {
    const t = await workOrderTenant(0);
    const secret = `planted-${crypto.randomUUID()}`;
    // Stored before the check existed (the domain function does not parse: the action does).
    const tpl = await makeTemplate(t, {
      template: { command: `echo {Host} {Token}`, internalVariables: { Token: `${secret}\u0000tail` } },
    });
    const o = await submitOrder(t.requester.actor, { templateId: tpl, title: "", values: { Host: "host1" } });
    const { executionId } = await startExecution(t.requester.actor, { orderId: o.id });
    const result = await runExecution({ tenantId: t.owner.tenant.id, executionId });
    expect(result?.status).toBe("failed");
    const r = await recorded(t, o.id, executionId);
    expect(r.execution?.status).toBe("failed");
    expect(r.execution?.error).toMatch(/could not be started.*NUL/);
    expect(r.execution?.error).not.toMatch(/\/(node_modules|work|home|tmp)\//);
    expect(r).toMatchObject({ lastExecutionStatus: "failed", events: ["failed"] });
    expect(r.timeline.at(-1)).toBe("execution.failed");
    expect(r.execution?.outputLines).toBe(r.storedLines);
    expect(await readdir(tmp)).toEqual([]);
    // The planted secret is nowhere in the database outside its ciphertext.
    const { db } = await database();
    for (const table of [
      "wo_executions",
      "wo_execution_output",
      "audit_log",
      "approval_records",
      "event_outbox",
      "work_orders",
    ]) {
      const rows = rowsOf<{ n: number }>(
        await db.execute(
          sql`select count(*)::int as n from ${sql.identifier(table)} x where x::text like ${`%${secret.slice(0, 20)}%`}`,
        ),
      );
      expect({ table, n: rows[0]?.n }).toEqual({ table, n: 0 });
    }
    await expect(cancelExecution(t.requester.actor, { executionId })).rejects.toThrow(/already finished/);
  });
});

describe("an execution nobody runs any more", () => {
  test("a restart kills the recorded process group before closing it, and records the end like any other", async () => {
    const t = await workOrderTenant(0);
    const { orderId, executionId } = await queued(t);
    const group = leftover(executionId);
    try {
      await orphan(t, executionId, {
        runner: `${os.hostname()}:${await deadPid()}`,
        pgid: group.pid,
        lines: 8,
        heartbeatAgoMs: 1_000,
      });
      // and the temporary folder its command worked in
      await mkdir(path.join(tmp, `opsdesk-run-${executionId}-x1`));
      expect(groupAlive(group.pid as number)).toBe(true);
      const result = await runExecution({ tenantId: t.owner.tenant.id, executionId });
      expect(result?.status).toBe("failed");
      expect(groupAlive(group.pid as number)).toBe(false);
      expect(await readdir(tmp)).toEqual([]);
      const r = await recorded(t, orderId, executionId);
      expect(r.execution).toMatchObject({
        status: "failed",
        error: "Interrupted: the server stopped while this ran; its processes were stopped.",
      });
      expect(r.execution?.finishedAt).not.toBeNull();
      expect(r.storedLines).toBe(9); // the 8 it wrote and a closing line saying what happened
      expect(r.execution?.outputLines).toBe(9);
      expect((await output(t, executionId)).at(-1)).toMatch(/server stopped.*processes were stopped/);
      expect(r).toMatchObject({ lastExecutionStatus: "failed", events: ["failed"] });
      expect(r.timeline.at(-1)).toBe("execution.failed");
      expect(r.audits).toContain("execution.finish");
      // Closed once: a second delivery of the step changes nothing.
      expect(await runExecution({ tenantId: t.owner.tenant.id, executionId })).toBeNull();
      expect((await recorded(t, orderId, executionId)).events).toEqual(["failed"]);
    } finally {
      if (groupAlive(group.pid as number)) process.kill(-(group.pid as number), "SIGKILL");
    }
  });

  test("a recorded group whose processes are not the execution's (pid reused) is left alone", async () => {
    const t = await workOrderTenant(0);
    const { executionId } = await queued(t);
    const stranger = leftover(null);
    try {
      await orphan(t, executionId, {
        runner: `${os.hostname()}:${await deadPid()}`,
        pgid: stranger.pid,
        heartbeatAgoMs: 1_000,
      });
      await runExecution({ tenantId: t.owner.tenant.id, executionId });
      expect((await execution(t, executionId))?.status).toBe("failed");
      expect(groupAlive(stranger.pid as number)).toBe(true);
    } finally {
      process.kill(-(stranger.pid as number), "SIGKILL");
    }
  });

  test("the reconciler closes a running execution whose heartbeat is stale and one queued too long; a live one stays", async () => {
    const t = await workOrderTenant(0);
    const stale = await queued(t);
    const fresh = await queued(t);
    const waiting = await queued(t);
    await orphan(t, stale.executionId, { runner: "another-host:1234", lines: 3, heartbeatAgoMs: 10 * 60_000 });
    await orphan(t, fresh.executionId, { runner: "another-host:1234", heartbeatAgoMs: 1_000 });
    await withTenant(t.owner.actor, (tx) =>
      tx
        .update(woExecutions)
        .set({ queuedAt: sql`now() - interval '2 hours'` })
        .where(eq(woExecutions.id, waiting.executionId)),
    );
    const closed = await reconcileExecutions({ tenantIds: [t.owner.tenant.id] });
    expect(closed).toBeGreaterThanOrEqual(2);
    const s = await recorded(t, stale.orderId, stale.executionId);
    expect(s.execution).toMatchObject({ status: "failed", error: expect.stringMatching(/no longer running|stopped/) });
    expect(s).toMatchObject({ lastExecutionStatus: "failed", events: ["failed"], storedLines: 4 });
    expect(s.execution?.outputLines).toBe(4);
    expect(s.timeline.at(-1)).toBe("execution.failed");
    expect(s.audits).toContain("execution.finish");
    const w = await recorded(t, waiting.orderId, waiting.executionId);
    expect(w.execution).toMatchObject({ status: "failed", error: expect.stringMatching(/no runner/i) });
    expect(w.events).toEqual(["failed"]);
    expect((await execution(t, fresh.executionId))?.status).toBe("running");
    // A later delivery of the queued one's run does not start the command.
    expect(await runExecution({ tenantId: t.owner.tenant.id, executionId: waiting.executionId })).toBeNull();
  });

  test("the reconciler leaves an execution this process is running, however old its heartbeat", async () => {
    const t = await workOrderTenant(0);
    const { executionId } = await queued(t, "echo started {Host}; sleep 20");
    const running = runExecution({ tenantId: t.owner.tenant.id, executionId });
    expect(await until(async () => (await output(t, executionId)).length > 0)).toBe(true);
    await withTenant(t.owner.actor, (tx) =>
      tx
        .update(woExecutions)
        .set({ heartbeatAt: sql`now() - interval '1 hour'` })
        .where(eq(woExecutions.id, executionId)),
    );
    await reconcileExecutions({ tenantIds: [t.owner.tenant.id] });
    expect((await execution(t, executionId))?.status).toBe("running");
    await cancelExecution(t.requester.actor, { executionId });
    expect((await running)?.status).toBe("cancelled");
  });

  test("Cancel ends a running execution that has no live runner, even one whose process never started", async () => {
    const t = await workOrderTenant(0);
    const dead = await queued(t);
    const never = await queued(t);
    const group = leftover(dead.executionId);
    try {
      await orphan(t, dead.executionId, {
        runner: `${os.hostname()}:${await deadPid()}`,
        pgid: group.pid,
        lines: 2,
        heartbeatAgoMs: 1_000,
      });
      await orphan(t, never.executionId, { runner: null, heartbeatAgoMs: null });
      expect(await cancelExecution(t.requester.actor, { executionId: dead.executionId })).toEqual({
        status: "cancelled",
      });
      expect(groupAlive(group.pid as number)).toBe(false);
      expect(await cancelExecution(t.requester.actor, { executionId: never.executionId })).toEqual({
        status: "cancelled",
      });
      for (const e of [dead, never]) {
        const r = await recorded(t, e.orderId, e.executionId);
        expect(r.execution?.status).toBe("cancelled");
        expect(r).toMatchObject({ lastExecutionStatus: "cancelled", events: ["cancelled"] });
        expect(r.timeline.at(-1)).toBe("execution.cancelled");
        expect(r.execution?.outputLines).toBe(r.storedLines);
      }
    } finally {
      if (groupAlive(group.pid as number)) process.kill(-(group.pid as number), "SIGKILL");
    }
  });

  test("a run that failed for an infrastructure reason closes its execution failed with a plain reason", async () => {
    const t = await workOrderTenant(0);
    const { orderId, executionId } = await queued(t);
    await orphan(t, executionId, { runner: `${os.hostname()}:${await deadPid()}`, lines: 1, heartbeatAgoMs: 1_000 });
    const raw = new Error("write CONNECTION_CLOSED 127.0.0.1:5432");
    raw.stack = `Error: ${raw.message}\n    at run (/work/main/node_modules/postgres/src/connection.js:1:1)`;
    await failExecution({ tenantId: t.owner.tenant.id, executionId, error: raw });
    const r = await recorded(t, orderId, executionId);
    expect(r.execution).toMatchObject({ status: "failed", error: expect.stringMatching(/database/) });
    expect(r.execution?.error).not.toMatch(/node_modules|127\.0\.0\.1|CONNECTION_CLOSED/);
    expect(r).toMatchObject({ lastExecutionStatus: "failed", events: ["failed"] });
    expect(r.execution?.outputLines).toBe(r.storedLines);
  });

  test("a normal end announces execution.finished through the outbox", async () => {
    const t = await workOrderTenant(0);
    const { orderId, executionId } = await queued(t);
    await runExecution({ tenantId: t.owner.tenant.id, executionId });
    const r = await recorded(t, orderId, executionId);
    expect(r).toMatchObject({ events: ["succeeded"], lastExecutionStatus: "succeeded", storedLines: 1 });
    expect(r.execution).toMatchObject({ heartbeatAt: expect.any(Date), runner: `${os.hostname()}:${process.pid}` });
    expect(r.execution?.pgid).toBeGreaterThan(0);
  });
});
