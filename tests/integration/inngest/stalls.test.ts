import { afterEach, describe, expect, test } from "vitest";
import type { Logger } from "@/inngest/embedded/executor";
import { embeddedApp, silent } from "./harness";

/**
 * What a step that hangs (an SMTP send that never settles, a call without a timeout) must not do:
 * hold up other runs, or hold its own run for good.
 */
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (stops.length) await stops.pop()?.();
});

async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("a step that does not answer", () => {
  test("holds its own worker slot only: other runs start and finish meanwhile, on the real clock", async () => {
    const app = embeddedApp("slots");
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let started = false;
    const slow = app.inngest.createFunction({ id: "slow", triggers: [{ event: "t/slow" }] }, async ({ step }) =>
      step.run("wait-for-gate", async () => {
        started = true;
        await gate;
        return "released";
      }),
    );
    const quick = app.inngest.createFunction({ id: "quick", triggers: [{ event: "t/quick" }] }, async ({ step }) => {
      await step.run("one", () => 1);
      await step.sleep("short", "1s");
      return step.run("two", () => 2);
    });
    const ex = await app.start([slow, quick], { realClock: true, pollMs: 100 });
    stops.push(() => ex.stop());
    await app.inngest.send({ name: "t/slow", data: {} });
    await until(
      async () => started,
      (v) => v,
    );
    const sent = Date.now();
    await app.inngest.send(Array.from({ length: 5 }, () => ({ name: "t/quick", data: {} })));
    const runs = await until(
      () => app.runs("quick"),
      (r) => r.length === 5 && r.every((x) => x.status === "completed"),
    );
    // Five runs, each with a 1 s timer, all done while the slow step still holds its slot.
    expect(runs.map((r) => r.status)).toEqual(Array(5).fill("completed"));
    expect(Date.now() - sent).toBeLessThan(5_000);
    expect((await app.runs("slow"))[0]?.status).toBe("running");
    release();
    const [done] = await until(
      () => app.runs("slow"),
      (r) => r[0]?.status === "completed",
    );
    expect(done?.output).toBe("released");
  }, 30_000);

  test("is failed at its timeout and retried; the watchdog reports it while it still hangs", async () => {
    const app = embeddedApp("hang");
    const reports: string[] = [];
    const logger: Logger = { ...silent, error: (m: string) => reports.push(m) };
    let attempts = 0;
    let unblock: () => void = () => {};
    const hang = app.inngest.createFunction(
      { id: "hang", retries: 2, triggers: [{ event: "t/hang" }] },
      async ({ step }) =>
        step.run("send", async () => {
          attempts++;
          if (attempts === 1) await new Promise<void>((r) => (unblock = r)); // never settles on its own
          return `sent on attempt ${attempts}`;
        }),
    );
    const ex = await app.start([hang], { stepTimeoutMs: 300, logger });
    stops.push(() => ex.stop());
    await app.inngest.send({ name: "t/hang", data: {} });
    await app.settle(60_000); // the manual clock jumps over the retry's backoff
    const [run] = await app.runs("hang");
    expect(run?.status).toBe("completed");
    expect(run?.output).toBe("sent on attempt 2");
    const steps = await app.steps(run?.id as string);
    expect(steps.map((s) => [s.name, s.status])).toEqual([["send", "completed"]]);
    expect(attempts).toBe(2);
    // The first attempt's promise is still pending: the watchdog names it.
    expect(ex.watchdog.stuck().map((c) => c.runId)).toEqual([run?.id]);
    expect(reports.join("\n")).toMatch(/worker stuck: function "hang-[^"]+-hang" \(run \w+, step \w+\)/);
    unblock();
    await until(
      async () => ex.watchdog.stuck().length,
      (n) => n === 0,
    );
    expect(ex.watchdog.stuck()).toEqual([]);
    // Its late answer changes nothing.
    expect((await app.runs("hang"))[0]?.output).toBe("sent on attempt 2");
  }, 30_000);

  test("a function's own `timeouts.finish` bounds its run: past it the run is cancelled", async () => {
    const app = embeddedApp("finish");
    const fn = app.inngest.createFunction(
      { id: "bounded", retries: 0, timeouts: { finish: "1s" }, triggers: [{ event: "t/bounded" }] },
      async ({ step }) => step.run("forever", () => new Promise(() => {})),
    );
    const ex = await app.start([fn], { stepTimeoutMs: 60_000 });
    stops.push(() => ex.stop());
    await app.inngest.send({ name: "t/bounded", data: {} });
    const started = Date.now();
    await app.settle();
    const [run] = await app.runs("bounded");
    expect(run?.status).toBe("cancelled");
    expect(run?.error).toMatchObject({ name: "FunctionTimeoutError" });
    expect(Date.now() - started).toBeLessThan(5_000);
  }, 20_000);
});
