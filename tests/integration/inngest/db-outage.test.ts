import { afterEach, describe, expect, test } from "vitest";
import { embeddedApp } from "./harness";

/**
 * The executor's database goes away for a moment (a restart, a cut connection): every statement
 * fails, including the ones that would record the failure. Once it is back, the work goes on.
 */
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (stops.length) await stops.pop()?.();
});

/** A database handle whose every statement fails while `down` is set (as postgres.js answers a cut connection). */
function cuttable() {
  const state = { down: false, refused: 0 };
  // The error carries where the statement was built, so a rejection nobody handles says whose it is.
  const refusal = (origin: string) => {
    state.refused++;
    const error = Object.assign(new Error("write CONNECTION_CLOSED 127.0.0.1:5432"), { code: "CONNECTION_CLOSED" });
    error.stack = `${error.message}\n  built at:${origin}`;
    return Promise.reject(error);
  };
  // A query builder of any shape (chained, awaited, .catch-ed) that fails when it is run.
  const failing = (origin = new Error().stack?.split("\n").slice(2, 8).join("\n") ?? ""): unknown =>
    new Proxy(() => {}, {
      get(_t, prop) {
        if (prop === "then") return (ok: unknown, ko: (e: unknown) => unknown) => refusal(origin).then(ok as never, ko);
        if (prop === "catch") return (ko: (e: unknown) => unknown) => refusal(origin).catch(ko);
        if (prop === "finally") return (f: () => void) => refusal(origin).finally(f);
        return failing(origin);
      },
      apply: () => failing(origin),
    });
  const wrap = <D extends object>(db: D): D =>
    new Proxy(db, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => (state.down ? failing() : value.apply(target, args));
      },
    });
  return { state, wrap };
}

describe("the database away for a moment", () => {
  test("a run whose result could not be stored, nor its retry scheduled, is taken up again once it is back", async () => {
    const app = embeddedApp("outage");
    const db = cuttable();
    let calls = 0;
    const fn = app.inngest.createFunction({ id: "cut", triggers: [{ event: "t/cut" }] }, async ({ step }) => {
      const sent = await step.run("send", () => {
        calls++;
        // The database goes away while the step runs: its result cannot be stored.
        if (calls === 1) db.state.down = true;
        return "sent";
      });
      return sent;
    });
    const ex = await app.start([fn], { wrapDb: db.wrap });
    stops.push(() => ex.stop());
    await app.inngest.send({ name: "t/cut", data: {} });
    await app.settle().catch(() => {}); // the pass itself fails on the database
    expect(db.state.refused, "statements were refused while it was away").toBeGreaterThan(0);
    db.state.down = false;
    // Back: the next pass takes the run up again (on the real server, the next poll).
    for (let i = 0; i < 10 && (await app.runs("cut"))[0]?.status !== "completed"; i++) await ex.drain();
    const [run] = await app.runs("cut");
    expect(run?.status).toBe("completed");
    expect(run?.output).toBe("sent");
  }, 60_000);
});
