import { asc, eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, describe, expect, test, vi } from "vitest";
import { getExecution } from "@/db/queries/work-orders";
import { woExecutionOutput } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { cancelExecution } from "@/lib/work-orders/cancel-execution";
import { retrying } from "@/lib/work-orders/retrying";
import { runExecution } from "@/lib/work-orders/run-execution";
import { startExecution } from "@/lib/work-orders/start-execution";
import { submitOrder } from "@/lib/work-orders/submit-order";
import { rowsOf } from "../../support/rows";
import { makeTemplate, type WoTenant, workOrderTenant } from "../../support/work-orders";

// PostgreSQL only: this file's connections carry an application_name of their own, so the blip
// (pg_terminate_backend, as a database restart or a failover does to clients) hits them and no
// other test file's.
const app = vi.hoisted(() => {
  const name = `opsdesk-blip-${Math.random().toString(36).slice(2, 10)}`;
  const base = process.env.DATABASE_URL;
  if (base) {
    const url = new URL(base);
    url.searchParams.set("application_name", name);
    process.env.DATABASE_URL = url.toString();
  }
  return { name, base };
});

const admin = app.base ? postgres(app.base, { max: 1, onnotice: () => {} }) : null;
afterAll(() => admin?.end());

/** Terminates every connection of this file's pool (in use or idle). */
async function blip(): Promise<number> {
  const rows = await (admin as postgres.Sql)`
    select pg_terminate_backend(pid) as killed from pg_stat_activity
    where application_name = ${app.name} and pid <> pg_backend_pid()`;
  return rows.length;
}

const unhandled: unknown[] = [];
process.on("unhandledRejection", (reason) => unhandled.push(reason));

async function until(check: () => boolean | Promise<boolean>, deadlineMs: number): Promise<boolean> {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    if (await Promise.resolve(check()).catch(() => false)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

async function queued(t: WoTenant, command: string) {
  const tpl = await makeTemplate(t, { template: { command } });
  const o = await submitOrder(t.requester.actor, { templateId: tpl, title: "", values: { Host: "host1" } });
  return (await startExecution(t.requester.actor, { orderId: o.id })).executionId;
}

const lines = (t: WoTenant, executionId: string) =>
  withTenant(t.owner.actor, (tx) =>
    tx
      .select({ line: woExecutionOutput.line })
      .from(woExecutionOutput)
      .where(eq(woExecutionOutput.executionId, executionId))
      .orderBy(asc(woExecutionOutput.seq)),
  ).then((rows) => rows.map((r) => r.line));

describe.skipIf(!app.base)("a database blip mid-execution", () => {
  test("a transaction whose connection is killed fails cleanly, and the pool keeps working", async () => {
    const t = await workOrderTenant(0);
    const failed = await withTenant(t.owner.actor, async (tx) => {
      const [me] = rowsOf<{ pid: number }>(await tx.execute(sql`select pg_backend_pid() as pid`));
      const sleeping = tx.execute(sql`select pg_sleep(5)`);
      await new Promise((r) => setTimeout(r, 100));
      await (admin as postgres.Sql)`select pg_terminate_backend(${me?.pid ?? 0})`;
      await sleeping;
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(failed).toBeTruthy();
    // More doors than the pool has connections. The one that reconnects the dead connection may
    // get its last error once more (postgres.js 3.4.9 keeps it across the reconnect): a clean
    // "database unavailable", retried by whoever needs it. Nothing hangs, nothing crashes, and
    // the next round is all answered.
    const door = () =>
      withTenant(t.owner.actor, async (tx) => rowsOf<{ one: number }>(await tx.execute(sql`select 1 as one`))[0]?.one);
    const first = await Promise.allSettled(Array.from({ length: 25 }, door));
    expect(first.filter((a) => a.status === "fulfilled").length).toBeGreaterThanOrEqual(24);
    for (const a of first) if (a.status === "rejected") expect(String(a.reason)).toMatch(/database cannot be reached/i);
    expect(await Promise.all(Array.from({ length: 25 }, door))).toEqual(Array(25).fill(1));
    expect(unhandled).toEqual([]);
  });

  // One retry: about one run in three under a loaded machine (other files alongside), a run hangs
  // in the driver after a kill and never ends within the test's minute (seen with postgres.js
  // 3.4.9 even patched; see CODE_STYLE 12b). Twice in a row is a failure.
  test("the execution completes with every line, in order, through repeated connection kills", {
    retry: 1,
  }, async () => {
    const t = await workOrderTenant(0);
    const executionId = await queued(t, "for i in $(seq 1 40); do echo line $i; sleep 0.05; done # {Host}");
    const running = runExecution({ tenantId: t.owner.tenant.id, executionId });
    let done = false;
    running.then(
      () => {
        done = true;
      },
      () => {
        done = true;
      },
    );
    let kills = 0;
    // Kills every 250 ms for the run's two seconds, as restarts and failovers do to clients:
    // output writes, heartbeats and cancel polls meet dead connections (the unit test of
    // run-command proves the retry of a failed write deterministically).
    for (let i = 0; i < 10 && !done; i++) {
      await new Promise((r) => setTimeout(r, 250));
      kills += await blip();
    }
    expect(kills).toBeGreaterThan(0);
    const result = await running;
    expect(result?.status).toBe("succeeded");
    const want = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`);
    // This test's own reads may meet a connection's last error once (see the first test).
    expect(await retrying(() => lines(t, executionId))).toEqual(want);
    expect(await retrying(() => withTenant(t.owner.actor, (tx) => getExecution(tx, executionId)))).toMatchObject({
      status: "succeeded",
      outputLines: 40,
    });
    expect(unhandled).toEqual([]);
  });

  test("a cancel during the blip ends the execution", async () => {
    const t = await workOrderTenant(0);
    const executionId = await queued(t, "echo started {Host}; sleep 20; echo never");
    const running = runExecution({ tenantId: t.owner.tenant.id, executionId });
    expect(await until(async () => (await lines(t, executionId)).length > 0, 10_000)).toBe(true);
    await blip();
    let answer: { status: string } | null = null;
    for (let i = 0; i < 20 && !answer; i++) {
      // The user clicks again if the first click met a dead connection.
      answer = await cancelExecution(t.requester.actor, { executionId }).catch(() => null);
      if (!answer) await blip();
    }
    expect(answer?.status).toMatch(/cancell/);
    const result = await running;
    expect(result?.status).toBe("cancelled");
    expect(result?.durationMs).toBeLessThan(10_000);
    expect(unhandled).toEqual([]);
  });
});
