import { eq } from "drizzle-orm";
import { eventType, type Inngest } from "inngest";
import { afterEach, describe, expect, test } from "vitest";
import { z } from "zod";
import { database } from "@/db/client";
import { inngestEvents, inngestRuns } from "@/db/schema/inngest";
import { embeddedApp } from "./harness";

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (stops.length) await stops.pop()?.();
});

/** A function that counts every execution of each step, so a replayed step would show. */
function countingFunction(inngest: Inngest.Any, counts: Record<string, number>) {
  const bump = (id: string) => {
    counts[id] = (counts[id] ?? 0) + 1;
    return id;
  };
  return inngest.createFunction({ id: "long", triggers: [{ event: "t/start" }] }, async ({ event, step }) => {
    await step.run("before-sleep", () => bump("before-sleep"));
    await step.sleep("nap", "1h");
    await step.run("after-sleep", () => bump("after-sleep"));
    const ok = await step.waitForEvent("go-ahead", { event: "t/go-ahead", match: "data.key", timeout: "1d" });
    await step.run("after-wait", () => bump("after-wait"));
    return { key: event.data.key, resumedBy: ok?.id ?? null };
  });
}

describe("durability", () => {
  test("a restart mid-sleep and mid-wait resumes the run; no stored step runs twice", async () => {
    const counts: Record<string, number> = {};
    const first = embeddedApp("restart");
    const ex1 = await first.start([countingFunction(first.inngest, counts)]);
    await first.inngest.send({ name: "t/start", data: { key: "k1" } });
    await first.settle();
    expect((await first.runs())[0]?.status).toBe("sleeping");
    await ex1.stop({ releaseLease: false }); // crash: the lease is not released

    // "Process" 2: new client, new function objects, same database and app.
    const second = first.sibling();
    const ex2 = await second.start([countingFunction(second.inngest, counts)], { leaseMs: 100 });
    stops.push(() => ex2.stop());
    expect(ex2.isLeader).toBe(false); // the crashed holder's lease has not expired yet
    await new Promise((r) => setTimeout(r, 300));
    // A holder of this host whose pid is alive (this test process) is only taken over on expiry.
    await ex2.tryAcquireLease();
    expect(ex2.isLeader).toBe(false);
    await second.executor.stop();
    const third = first.sibling();
    const ex3 = await third.start([countingFunction(third.inngest, counts)], { leaseMs: 100 });
    stops.push(() => ex3.stop({ releaseLease: false }));
    // The first lease was 15 s; wait it out quickly by expiring it in the database.
    const { db } = await database();
    await db.execute(
      `update inngest_leases set expires_at = now() - interval '1 second' where app_id = '${first.appId}'`,
    );
    expect(await ex3.tryAcquireLease()).toBe(true);

    third.clock.advance(3600_000);
    await third.settle();
    expect((await third.runs())[0]?.status).toBe("waiting");
    expect(counts).toEqual({ "before-sleep": 1, "after-sleep": 1 });
    await ex3.stop({ releaseLease: false });
    await db.execute(
      `update inngest_leases set expires_at = now() - interval '1 second' where app_id = '${first.appId}'`,
    );

    // Restart mid-wait, then the awaited event arrives.
    const fourth = first.sibling();
    const ex4 = await fourth.start([countingFunction(fourth.inngest, counts)]);
    stops.push(() => ex4.stop());
    expect(ex4.isLeader).toBe(true);
    const [sent] = (await fourth.inngest.send({ name: "t/go-ahead", data: { key: "k1" } })).ids;
    await fourth.settle();
    const [run] = await fourth.runs();
    expect(run).toMatchObject({ status: "completed", output: { key: "k1", resumedBy: sent } });
    expect(counts).toEqual({ "before-sleep": 1, "after-sleep": 1, "after-wait": 1 });
  });

  test("a finished run is never run again: restart, time passing, the same event id again", async () => {
    const counts: Record<string, number> = {};
    const a = embeddedApp("finished");
    const fn = (i: Inngest.Any) =>
      i.createFunction({ id: "once", triggers: [{ event: "t/once" }] }, async ({ step }) => {
        await step.run("work", () => {
          counts.work = (counts.work ?? 0) + 1;
        });
        return "done";
      });
    const ex = await a.start([fn(a.inngest)]);
    await a.inngest.send({ id: "evt-1", name: "t/once", data: {} });
    await a.settle();
    expect(counts.work).toBe(1);
    await ex.stop();
    const b = a.sibling();
    const ex2 = await b.start([fn(b.inngest)]);
    stops.push(() => ex2.stop());
    b.clock.advance(7 * 24 * 3600_000);
    await b.settle();
    await b.inngest.send({ id: "evt-1", name: "t/once", data: {} }); // duplicate event id: deduplicated
    await b.settle();
    expect(counts.work).toBe(1);
    expect((await b.runs()).map((r) => r.status)).toEqual(["completed"]);
  });

  test("two executors on one database: one leader, every run exactly once, failover on stop", async () => {
    const counts: Record<string, number> = {};
    const make = (i: Inngest.Any) =>
      i.createFunction({ id: "job", triggers: [{ event: "t/job" }] }, async ({ event, step }) => {
        await step.run("count", () => {
          counts[event.data.n] = (counts[event.data.n] ?? 0) + 1;
        });
        await step.sleep("pause", "10m");
        await step.run("count-again", () => {
          counts[`${event.data.n}b`] = (counts[`${event.data.n}b`] ?? 0) + 1;
        });
      });
    const a = embeddedApp("pair");
    const b = a.sibling();
    const exA = await a.start([make(a.inngest)]);
    const exB = await b.start([make(b.inngest)]);
    stops.push(
      () => exB.stop(),
      () => exA.stop(),
    );
    expect([exA.isLeader, exB.isLeader].sort()).toEqual([false, true]);
    const leader = exA.isLeader ? a : b;
    const standby = exA.isLeader ? b : a;
    // Events arrive through both processes; both drain concurrently.
    await Promise.all([
      a.inngest.send(Array.from({ length: 5 }, (_, i) => ({ name: "t/job", data: { n: `a${i}` } }))),
      b.inngest.send(Array.from({ length: 5 }, (_, i) => ({ name: "t/job", data: { n: `b${i}` } }))),
    ]);
    await Promise.all([a.executor.drain(), b.executor.drain(), a.executor.drain(), b.executor.drain()]);
    expect(Object.values(counts)).toEqual(Array(10).fill(1));
    expect((await a.runs()).every((r) => r.status === "sleeping")).toBe(true);
    // The leader stops (graceful): the standby takes over and finishes the sleeping runs.
    await leader.executor.stop();
    expect(await standby.executor.tryAcquireLease()).toBe(true);
    standby.clock.advance(10 * 60_000);
    await standby.settle();
    expect(Object.values(counts)).toEqual(Array(20).fill(1));
    expect((await standby.runs()).every((r) => r.status === "completed")).toBe(true);
  });
});

describe("bad input and refused configs", () => {
  const submitted = eventType("t/order.submitted", { schema: z.object({ tenantId: z.uuid(), orderId: z.uuid() }) });

  test("an event with an invalid payload is rejected by its schema with a clear error; nothing is stored or started", async () => {
    const a = embeddedApp("badinput");
    const fn = a.inngest.createFunction({ id: "on-submit", triggers: [{ event: submitted }] }, async () => "ran");
    const ex = await a.start([fn]);
    stops.push(() => ex.stop());
    // Through the typed event: refused before sending.
    await expect(
      a.inngest.send(submitted.create({ tenantId: "not-a-uuid", orderId: crypto.randomUUID() })),
    ).rejects.toThrow(/tenantId/);
    // As a plain object (no client-side validation): refused by the executor.
    await expect(a.inngest.send({ name: "t/order.submitted", data: { orderId: 5 } as never })).rejects.toThrow(
      /t\/order\.submitted.*rejected by its schema.*tenantId/,
    );
    await a.settle();
    expect(await a.runs()).toEqual([]);
    const { db } = await database();
    expect(await db.select().from(inngestEvents).where(eq(inngestEvents.appId, a.appId))).toEqual([]);
    // A valid one runs.
    await a.inngest.send(submitted.create({ tenantId: crypto.randomUUID(), orderId: crypto.randomUUID() }));
    await a.settle();
    expect((await a.runs()).map((r) => [r.status, r.output])).toEqual([["completed", "ran"]]);
  }, 20_000);

  test("sync refuses options the executor does not implement, naming function and option", async () => {
    const a = embeddedApp("refuse");
    const fns = [
      a.inngest.createFunction(
        { id: "keyed", concurrency: { limit: 1, key: "event.data.tenantId" }, triggers: [{ event: "t/x" }] },
        async () => {},
      ),
      a.inngest.createFunction(
        { id: "throttled", throttle: { limit: 1, period: "1m" }, triggers: [{ event: "t/x" }] },
        async () => {},
      ),
      a.inngest.createFunction(
        { id: "debounced", debounce: { period: "1m" }, triggers: [{ event: "t/x" }] },
        async () => {},
      ),
      a.inngest.createFunction(
        { id: "limited", rateLimit: { limit: 1, period: "1m" }, triggers: [{ event: "t/x" }] },
        async () => {},
      ),
      a.inngest.createFunction(
        { id: "batched", batchEvents: { maxSize: 10, timeout: "5s" }, triggers: [{ event: "t/x" }] },
        async () => {},
      ),
      a.inngest.createFunction(
        { id: "prioritised", priority: { run: "event.data.p" }, triggers: [{ event: "t/x" }] },
        async () => {},
      ),
      a.inngest.createFunction(
        { id: "start-bound", timeouts: { start: "1m" }, triggers: [{ event: "t/x" }] },
        async () => {},
      ),
    ];
    const start = a.start(fns);
    await expect(start).rejects.toThrow(/function "refuse-[^"]+-keyed": option "concurrency"/);
    await start.catch((error: Error) => {
      for (const [fn, option] of [
        ["throttled", "throttle"],
        ["debounced", "debounce"],
        ["limited", "rateLimit"],
        ["batched", "batchEvents"],
        ["prioritised", "priority"],
        ["start-bound", "timeouts.start"],
      ]) {
        expect(error.message).toMatch(new RegExp(`-${fn}": option "${option}"`));
      }
    });
    expect(await a.runs()).toEqual([]);
  });

  test("the serve handler rejects unsigned or wrongly signed calls (no way in for strangers)", async () => {
    const { serve } = await import("inngest/next");
    const a = embeddedApp("strangers");
    const fn = a.inngest.createFunction({ id: "secret", triggers: [{ event: "t/x" }] }, async () => "ran");
    const ex = await a.start([fn]);
    stops.push(() => ex.stop());
    const handler = serve({ client: a.inngest, functions: [fn], enableUnauthedSync: false }) as unknown as Record<
      "POST" | "PUT",
      (req: Request) => Promise<Response>
    >;
    const body = JSON.stringify({
      event: { name: "t/x", data: {} },
      events: [],
      steps: {},
      ctx: { run_id: "r1", attempt: 0, stack: { stack: [], current: 0 } },
    });
    const url = `http://localhost/api/inngest?fnId=${a.appId}-secret&stepId=step`;
    const unsigned = await handler.POST(
      new Request(url, { method: "POST", body, headers: { "content-type": "application/json" } }) as never,
    );
    expect(unsigned.status).toBe(401);
    const forged = await handler.POST(
      new Request(url, {
        method: "POST",
        body,
        headers: {
          "content-type": "application/json",
          "x-inngest-signature": `t=${Math.round(Date.now() / 1000)}&s=deadbeef`,
        },
      }) as never,
    );
    expect(forged.status).toBe(401);
    expect((await handler.PUT(new Request("http://localhost/api/inngest", { method: "PUT" }) as never)).status).toBe(
      401,
    );
    const { db } = await database();
    expect(await db.select().from(inngestRuns).where(eq(inngestRuns.appId, a.appId))).toEqual([]);
  });
});
