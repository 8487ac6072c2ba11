import { NonRetriableError } from "inngest";
import { afterEach, describe, expect, test } from "vitest";
import { embeddedApp } from "./harness";

/**
 * Conformance of the embedded executor: small real Inngest functions, run end to end through the
 * real `serve()` handler of the pinned SDK, with a manual clock for sleeps, timeouts and cron.
 */

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (stops.length) await stops.pop()?.();
});

async function app(
  name: string,
  build: (a: ReturnType<typeof embeddedApp>) => Parameters<ReturnType<typeof embeddedApp>["start"]>[0],
) {
  const a = embeddedApp(name);
  const ex = await a.start(build(a));
  stops.push(() => ex.stop());
  return a;
}

describe("retries", () => {
  test("retries: 2 → a failing step is attempted exactly 3 times, then the run fails", async () => {
    let attempts = 0;
    const a = await app("retry", (a) => [
      a.inngest.createFunction({ id: "flaky", retries: 2, triggers: [{ event: "t/go" }] }, async ({ step }) => {
        await step.run("always-fails", () => {
          attempts++;
          throw new Error(`boom ${attempts}`);
        });
      }),
    ]);
    await a.inngest.send({ name: "t/go", data: {} });
    await a.settle(3_600_000);
    expect(attempts).toBe(3);
    const [run] = await a.runs("flaky");
    expect(run?.status).toBe("failed");
    expect(run?.error).toMatchObject({ message: expect.stringContaining("boom 3") });
    const [step] = await a.steps(run!.id);
    expect(step).toMatchObject({ name: "always-fails", status: "failed", attempts: 3 });
  });

  test("retries wait for the backoff: nothing happens before the delay has passed", async () => {
    let attempts = 0;
    const a = await app("backoff", (a) => [
      a.inngest.createFunction({ id: "flaky", retries: 1, triggers: [{ event: "t/go" }] }, async ({ step }) => {
        return step.run("second-time-lucky", () => {
          attempts++;
          if (attempts === 1) throw new Error("first");
          return "ok";
        });
      }),
    ]);
    await a.inngest.send({ name: "t/go", data: {} });
    await a.settle();
    expect(attempts).toBe(1);
    expect((await a.runs())[0]?.status).toBe("running");
    a.clock.advance(60_000);
    await a.settle();
    expect(attempts).toBe(2);
    expect((await a.runs())[0]).toMatchObject({ status: "completed", output: "ok" });
  });

  test("an error outside steps retries the function as declared (retries: 2 → 3 calls)", async () => {
    let calls = 0;
    const a = await app("fnretry", (a) => [
      a.inngest.createFunction({ id: "throws", retries: 2, triggers: [{ event: "t/go" }] }, async () => {
        calls++;
        throw new Error("outside any step");
      }),
    ]);
    await a.inngest.send({ name: "t/go", data: {} });
    await a.settle(3_600_000);
    expect(calls).toBe(3);
    expect((await a.runs())[0]).toMatchObject({
      status: "failed",
      error: expect.objectContaining({ message: "outside any step" }),
    });
  });

  test("NonRetriableError stops at once", async () => {
    let attempts = 0;
    const a = await app("nonretry", (a) => [
      a.inngest.createFunction({ id: "fatal", retries: 5, triggers: [{ event: "t/go" }] }, async ({ step }) => {
        await step.run("fatal-step", () => {
          attempts++;
          throw new NonRetriableError("do not retry me");
        });
      }),
    ]);
    await a.inngest.send({ name: "t/go", data: {} });
    await a.settle(3_600_000);
    expect(attempts).toBe(1);
    const [run] = await a.runs();
    expect(run).toMatchObject({
      status: "failed",
      error: expect.objectContaining({ message: expect.stringContaining("do not retry me") }),
    });
  });
});

describe("parallel steps", () => {
  test("one branch failing keeps the others' results (allSettled → partial success)", async () => {
    const ran: Record<string, number> = {};
    const a = await app("par", (a) => [
      a.inngest.createFunction({ id: "fan", retries: 1, triggers: [{ event: "t/go" }] }, async ({ step }) => {
        const results = await Promise.allSettled(
          ["a", "b", "c"].map((id) =>
            step.run(id, () => {
              ran[id] = (ran[id] ?? 0) + 1;
              if (id === "b") throw new Error("b is broken");
              return `${id}-ok`;
            }),
          ),
        );
        const after = await step.run("after", () => "joined");
        return {
          results: results.map((r) =>
            r.status === "fulfilled" ? r.value : `rejected: ${(r.reason as Error).message}`,
          ),
          after,
        };
      }),
    ]);
    await a.inngest.send({ name: "t/go", data: {} });
    await a.settle(3_600_000);
    const [run] = await a.runs();
    expect(run?.status).toBe("completed");
    expect(run?.output).toEqual({ results: ["a-ok", expect.stringContaining("b is broken"), "c-ok"], after: "joined" });
    expect(ran).toEqual({ a: 1, b: 2, c: 1 });
  });

  test("Promise.all with a failing branch fails the run but keeps the finished branches' results", async () => {
    const a = await app("parall", (a) => [
      a.inngest.createFunction({ id: "all", retries: 0, triggers: [{ event: "t/go" }] }, async ({ step }) => {
        return Promise.all([
          step.run("ok-1", () => 1),
          step.run("bad", () => Promise.reject(new Error("bad branch"))),
          step.run("ok-2", () => 2),
        ]);
      }),
    ]);
    await a.inngest.send({ name: "t/go", data: {} });
    await a.settle(3_600_000);
    const [run] = await a.runs();
    expect(run?.status).toBe("failed");
    const steps = Object.fromEntries((await a.steps(run!.id)).map((s) => [s.name, [s.status, s.data]]));
    expect(steps).toEqual({ "ok-1": ["completed", 1], bad: ["failed", null], "ok-2": ["completed", 2] });
  });
});

describe("sleep and waitForEvent", () => {
  test("step.sleep wakes after the duration, not before; sleepUntil at the given time", async () => {
    const a = await app("sleep", (a) => [
      a.inngest.createFunction({ id: "sleeper", triggers: [{ event: "t/go" }] }, async ({ step }) => {
        await step.sleep("nap", "1h");
        const woke = await step.run("woke", () => Date.now());
        await step.sleepUntil("until", new Date(Date.UTC(2030, 0, 2)));
        return { woke: woke > 0 };
      }),
    ]);
    const start = a.clock.now();
    await a.inngest.send({ name: "t/go", data: {} });
    await a.settle();
    expect((await a.runs())[0]?.status).toBe("sleeping");
    a.clock.set(start + 3_599_000);
    await a.settle();
    expect((await a.runs())[0]?.status).toBe("sleeping");
    a.clock.set(start + 3_600_000);
    await a.settle();
    const [run] = await a.runs();
    expect(run?.status).toBe("sleeping");
    const steps = await a.steps(run!.id);
    expect(steps.find((s) => s.name === "woke")?.status).toBe("completed");
    expect(steps.find((s) => s.name === "until")?.status).toBe("sleeping");
    a.clock.set(Date.UTC(2030, 0, 2));
    await a.settle();
    expect((await a.runs())[0]).toMatchObject({ status: "completed", output: { woke: true } });
  });

  test("waitForEvent resumes on the matching event only, and returns null on timeout", async () => {
    const a = await app("wait", (a) => [
      a.inngest.createFunction({ id: "approver", triggers: [{ event: "t/requested" }] }, async ({ event, step }) => {
        const approval = await step.waitForEvent("approval", {
          event: "t/approved",
          match: "data.requestId",
          timeout: "1d",
        });
        return { requestId: event.data.requestId, approvedBy: approval?.data.by ?? null };
      }),
    ]);
    await a.inngest.send([
      { name: "t/requested", data: { requestId: "r1" } },
      { name: "t/requested", data: { requestId: "r2" } },
    ]);
    await a.settle();
    expect((await a.runs()).map((r) => r.status)).toEqual(["waiting", "waiting"]);
    // Wrong match value: ignored.
    await a.inngest.send({ name: "t/approved", data: { requestId: "nope", by: "mallory" } });
    await a.settle();
    expect((await a.runs()).map((r) => r.status)).toEqual(["waiting", "waiting"]);
    await a.inngest.send({ name: "t/approved", data: { requestId: "r1", by: "alice" } });
    await a.settle();
    const byId = async () =>
      Object.fromEntries((await a.runs()).map((r) => [(r.event as { data: { requestId: string } }).data.requestId, r]));
    expect((await byId()).r1).toMatchObject({ status: "completed", output: { requestId: "r1", approvedBy: "alice" } });
    expect((await byId()).r2?.status).toBe("waiting");
    a.clock.advance(24 * 3600_000);
    await a.settle();
    expect((await byId()).r2).toMatchObject({ status: "completed", output: { requestId: "r2", approvedBy: null } });
  });

  test("waitForEvent with an `if` expression", async () => {
    const a = await app("waitif", (a) => [
      a.inngest.createFunction({ id: "big", triggers: [{ event: "t/start" }] }, async ({ step }) => {
        const e = await step.waitForEvent("big-one", {
          event: "t/amount",
          if: "async.data.amount > 100 && event.data.user == async.data.user",
          timeout: "1h",
        });
        return e?.data.amount ?? null;
      }),
    ]);
    await a.inngest.send({ name: "t/start", data: { user: "u1" } });
    await a.settle();
    await a.inngest.send([
      { name: "t/amount", data: { amount: 500, user: "u2" } },
      { name: "t/amount", data: { amount: 50, user: "u1" } },
    ]);
    await a.settle();
    expect((await a.runs())[0]?.status).toBe("waiting");
    await a.inngest.send({ name: "t/amount", data: { amount: 101, user: "u1" } });
    await a.settle();
    expect((await a.runs())[0]).toMatchObject({ status: "completed", output: 101 });
  });
});

describe("events between functions", () => {
  test("step.sendEvent fans out to two functions; trigger `if` filters", async () => {
    const seen: string[] = [];
    const a = await app("fan", (a) => [
      a.inngest.createFunction({ id: "producer", triggers: [{ event: "t/start" }] }, async ({ step }) => {
        await step.sendEvent("fan-out", [
          { name: "t/item", data: { n: 1 } },
          { name: "t/item", data: { n: 2 } },
        ]);
      }),
      a.inngest.createFunction({ id: "consumer-a", triggers: [{ event: "t/item" }] }, async ({ event, step }) => {
        await step.run("note", () => seen.push(`a${event.data.n}`));
      }),
      a.inngest.createFunction(
        { id: "consumer-b", triggers: [{ event: "t/item", if: "event.data.n == 2" }] },
        async ({ event, step }) => {
          await step.run("note", () => seen.push(`b${event.data.n}`));
        },
      ),
    ]);
    await a.inngest.send({ name: "t/start", data: {} });
    await a.settle();
    expect(seen.sort()).toEqual(["a1", "a2", "b2"]);
    const runs = await a.runs();
    expect(runs).toHaveLength(4);
    expect(runs.every((r) => r.status === "completed")).toBe(true);
  });

  test("step.invoke returns the child's result (and throws the child's error)", async () => {
    const a = await app("invoke", (a) => {
      const child = a.inngest.createFunction(
        { id: "child", retries: 0, triggers: [{ event: "t/child" }] },
        async ({ event, step }) => {
          const doubled = await step.run("double", () => (event.data.n as number) * 2);
          if (event.data.n === 0) throw new NonRetriableError("zero is not allowed");
          return { doubled };
        },
      );
      const parent = a.inngest.createFunction({ id: "parent", triggers: [{ event: "t/parent" }] }, async ({ step }) => {
        const ok = await step.invoke("call-child", { function: child, data: { n: 21 } });
        const failed = await step
          .invoke("call-child-bad", { function: child, data: { n: 0 } })
          .catch((e: Error) => `caught: ${e.message}`);
        return { ok, failed };
      });
      return [child, parent];
    });
    await a.inngest.send({ name: "t/parent", data: {} });
    await a.settle();
    const parent = (await a.runs("parent"))[0];
    expect(parent).toMatchObject({
      status: "completed",
      output: { ok: { doubled: 42 }, failed: expect.stringContaining("zero is not allowed") },
    });
    const children = await a.runs("child");
    expect(children.map((c) => [c.status, c.parentRunId])).toEqual([
      ["completed", parent?.id],
      ["failed", parent?.id],
    ]);
  });

  test("onFailure runs once, after the last attempt, with the error and the original event", async () => {
    let attempts = 0;
    const failures: unknown[] = [];
    const a = await app("onfail", (a) => [
      a.inngest.createFunction(
        {
          id: "fragile",
          retries: 1,
          triggers: [{ event: "t/go" }],
          onFailure: async ({
            event,
            error,
            step,
          }: {
            event: { data: { event: { data: unknown } } };
            error: Error;
            step: { run: (id: string, fn: () => unknown) => Promise<unknown> };
          }) => {
            await step.run("record", () =>
              failures.push({ attempts, message: error.message, original: event.data.event.data }),
            );
          },
        },
        async ({ step }) => {
          await step.run("fails", () => {
            attempts++;
            throw new Error("kaput");
          });
        },
      ),
    ]);
    await a.inngest.send({ name: "t/go", data: { order: 7 } });
    await a.settle(3_600_000);
    expect(failures).toEqual([{ attempts: 2, message: expect.stringContaining("kaput"), original: { order: 7 } }]);
    const runs = await a.runs();
    expect(runs.map((r) => [r.functionId.replace(`${a.appId}-`, ""), r.status])).toEqual([
      ["fragile", "failed"],
      ["fragile-failure", "completed"],
    ]);
  });

  test("a burst of runs (more than the workers): each runs once, marked running; one cancelled while queued never runs", async () => {
    const calls = new Map<number, number>();
    const a = await app("burst", (a) => [
      a.inngest.createFunction(
        { id: "each", triggers: [{ event: "t/each" }], cancelOn: [{ event: "t/stop", match: "data.n" }] },
        async ({ event }) => {
          const n = (event.data as { n: number }).n;
          calls.set(n, (calls.get(n) ?? 0) + 1);
          return n;
        },
      ),
    ]);
    await a.inngest.send(Array.from({ length: 40 }, (_, n) => ({ name: "t/each", data: { n } })));
    await a.inngest.send({ name: "t/stop", data: { n: 7 } }); // before anything has run
    await a.settle();
    expect([...calls.keys()].sort((x, y) => x - y)).toEqual(
      Array.from({ length: 40 }, (_, n) => n).filter((n) => n !== 7),
    );
    expect([...calls.values()].every((c) => c === 1)).toBe(true);
    const runs = await a.runs("each");
    const byStatus: Record<string, number> = {};
    for (const r of runs) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    expect(byStatus).toEqual({ completed: 39, cancelled: 1 });
    expect(runs.filter((r) => r.status === "completed").every((r) => r.startedAt && r.endedAt)).toBe(true);
    expect(await a.queue()).toEqual([]);
  });

  test("cancelOn stops a sleeping run; nothing runs after the sleep", async () => {
    let after = 0;
    const a = await app("cancel", (a) => [
      a.inngest.createFunction(
        { id: "cancellable", triggers: [{ event: "t/start" }], cancelOn: [{ event: "t/cancel", match: "data.id" }] },
        async ({ step }) => {
          await step.sleep("long", "2h");
          await step.run("after", () => after++);
        },
      ),
    ]);
    await a.inngest.send([
      { name: "t/start", data: { id: "keep" } },
      { name: "t/start", data: { id: "stop" } },
    ]);
    await a.settle();
    await a.inngest.send({ name: "t/cancel", data: { id: "stop" } });
    a.clock.advance(3 * 3600_000);
    await a.settle();
    const status = Object.fromEntries(
      (await a.runs()).map((r) => [(r.event as { data: { id: string } }).data.id, r.status]),
    );
    expect(status).toEqual({ keep: "completed", stop: "cancelled" });
    expect(after).toBe(1);
    expect(await a.queue()).toEqual([]);
  });
});

describe("cron", () => {
  test("a cron trigger fires at the right minutes (TZ prefix honoured)", async () => {
    const a = await app("cron", (a) => [
      a.inngest.createFunction({ id: "every-15", triggers: [{ cron: "*/15 * * * *" }] }, async ({ event }) => ({
        ts: event.ts,
      })),
      a.inngest.createFunction(
        { id: "paris-9am", triggers: [{ cron: "TZ=Europe/Paris 0 9 * * *" }] },
        async ({ event }) => ({ ts: event.ts }),
      ),
    ]);
    const start = a.clock.now(); // 2030-01-01T00:00Z
    a.clock.set(start + 10 * 60_000);
    await a.settle();
    expect(await a.runs()).toHaveLength(0);
    // Minute by minute to 09:00 Paris (08:00Z) — every 15 minutes fires at :15, :30, :45, :00.
    for (let m = 11; m <= 8 * 60; m++) {
      a.clock.set(start + m * 60_000);
      if (m % 15 === 0 || m === 8 * 60) await a.settle();
    }
    const fired = (await a.runs("every-15")).map((r) =>
      new Date((r.event as { ts: number }).ts).toISOString().slice(11, 16),
    );
    expect(fired.slice(0, 5)).toEqual(["00:15", "00:30", "00:45", "01:00", "01:15"]);
    expect(fired).toHaveLength(32);
    const paris = await a.runs("paris-9am");
    expect(paris.map((r) => new Date((r.event as { ts: number }).ts).toISOString())).toEqual([
      "2030-01-01T08:00:00.000Z",
    ]);
    expect(paris[0]?.status).toBe("completed");
  });
});
