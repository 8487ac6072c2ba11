import { afterEach, describe, expect, test } from "vitest";
import { embeddedApp } from "./harness";

let stop: (() => Promise<void>) | null = null;
afterEach(async () => {
  await stop?.();
  stop = null;
});

describe("embedded executor: basics", () => {
  test("an event runs a function of sequential steps to completion", async () => {
    const app = embeddedApp();
    const calls: string[] = [];
    const fn = app.inngest.createFunction({ id: "seq", triggers: [{ event: "test/seq" }] }, async ({ event, step }) => {
      const a = await step.run("a", () => {
        calls.push("a");
        return 1;
      });
      const b = await step.run("b", () => {
        calls.push("b");
        return a + 1;
      });
      return { sum: a + b, got: event.data.x };
    });
    const ex = await app.start([fn]);
    stop = () => ex.stop();
    await app.inngest.send({ name: "test/seq", data: { x: 42 } });
    await app.settle();
    const [run] = await app.runs("seq");
    expect(run?.status).toBe("completed");
    expect(run?.output).toEqual({ sum: 3, got: 42 });
    expect(calls).toEqual(["a", "b"]);
    const steps = await app.steps(run!.id);
    expect(steps.map((s) => [s.name, s.status, s.data])).toEqual([
      ["a", "completed", 1],
      ["b", "completed", 2],
    ]);
    expect(await app.queue()).toEqual([]);
  });

  test("with the real clock, the background loop runs events, sleeps and retries by itself", async () => {
    const app = embeddedApp();
    let tries = 0;
    const fn = app.inngest.createFunction(
      { id: "live", retries: 1, triggers: [{ event: "test/live" }] },
      async ({ step }) => {
        await step.sleep("short", "1s");
        return step.run("flaky", () => {
          tries++;
          if (tries === 1) throw new Error("first try fails");
          return "ok";
        });
      },
    );
    const ex = await app.start([fn], { realClock: true });
    stop = () => ex.stop();
    await app.inngest.send({ name: "test/live", data: {} });
    const deadline = Date.now() + 15_000;
    let status = "";
    while (Date.now() < deadline) {
      status = (await app.runs("live"))[0]?.status ?? "";
      if (status === "completed" || status === "failed") break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe("completed");
    expect(tries).toBe(2);
  });
});
