import { describe, expect, test } from "vitest";
import type { EdgeWhen, OnFailure } from "@/lib/flows/catalog";
import { downstreamOf, nextStep, policyOf, settle } from "@/lib/flows/engine";
import { graphOf, play } from "./simulate";

type Outcome = "success" | "failed" | "timeout";
type Row = [when: EdgeWhen, a: Outcome, onFailure: OnFailure, bAndCRun: boolean, status: string];

/** start → A ─when→ B → C → end; B and C succeed; A comes to `a` under `onFailure`. */
const chain = (when: EdgeWhen, onFailure: OnFailure) =>
  graphOf(
    ["start", { id: "A", policy: { onFailure } }, "B", "C", "end"],
    [
      ["start", "A"],
      ["A", "B", when],
      ["B", "C"],
      ["C", "end"],
    ],
  );

// Every (edge condition × A's outcome × A's on-failure policy), by hand from the rule.
const TABLE: Row[] = [
  ["success", "success", "fail", true, "success"],
  ["success", "success", "continue", true, "success"],
  ["success", "success", "skip", true, "success"],
  ["success", "failed", "fail", false, "failed"],
  ["success", "failed", "continue", false, "partial"],
  ["success", "failed", "skip", false, "partial"],
  ["success", "timeout", "fail", false, "failed"],
  ["success", "timeout", "continue", false, "partial"],
  ["success", "timeout", "skip", false, "partial"],
  ["failure", "success", "fail", false, "success"],
  ["failure", "success", "continue", false, "success"],
  ["failure", "success", "skip", false, "success"],
  ["failure", "failed", "fail", false, "failed"],
  ["failure", "failed", "continue", true, "partial"],
  ["failure", "failed", "skip", false, "partial"],
  ["failure", "timeout", "fail", false, "failed"],
  ["failure", "timeout", "continue", true, "partial"],
  ["failure", "timeout", "skip", false, "partial"],
  ["always", "success", "fail", true, "success"],
  ["always", "success", "continue", true, "success"],
  ["always", "success", "skip", true, "success"],
  ["always", "failed", "fail", false, "failed"],
  ["always", "failed", "continue", true, "partial"],
  ["always", "failed", "skip", false, "partial"],
  ["always", "timeout", "fail", false, "failed"],
  ["always", "timeout", "continue", true, "partial"],
  ["always", "timeout", "skip", false, "partial"],
];

describe("truth table: start → A ─edge→ B → C → end", () => {
  test.each(TABLE)("edge %s, A %s, on failure %s → B and C run: %s, run %s", (when, a, onFailure, runs, status) => {
    const played = play(chain(when, onFailure), { A: a });
    expect(played.started).toEqual(runs ? ["A", "B", "C"] : ["A"]);
    expect(played.skipped.sort()).toEqual(runs ? [] : ["B", "C", "end"]);
    expect(played.outcomes.get("start")?.status).toBe("success");
    expect(played.outcomes.get("end")?.status).toBe(runs ? "success" : "skipped");
    expect(played.status).toBe(status);
  });

  test("the table covers every combination once", () => {
    expect(new Set(TABLE.map(([w, a, p]) => `${w}/${a}/${p}`)).size).toBe(27);
  });

  test("a failure of B, after A succeeded, decides the run the same way", () => {
    const g = graphOf(
      ["start", "A", { id: "B", policy: { onFailure: "continue" } }, "C", "end"],
      [
        ["start", "A"],
        ["A", "B"],
        ["B", "C", "always"],
        ["C", "end"],
      ],
    );
    const played = play(g, { B: "failed" });
    expect(played.started).toEqual(["A", "B", "C"]);
    expect(played.status).toBe("partial");
  });
});

/** start → A; A ─when→ B, A → C; B → D, C → D; D → end. */
const diamond = (onFailure: OnFailure, when: EdgeWhen = "success") =>
  graphOf(
    ["start", "A", { id: "B", policy: { onFailure } }, "C", "D", "end"],
    [
      ["start", "A"],
      ["A", "B", when],
      ["A", "C"],
      ["B", "D"],
      ["C", "D"],
      ["D", "end"],
    ],
  );

describe("diamond: A → B, C → D", () => {
  test("all succeed: B and C run side by side, D joins them", () => {
    const played = play(diamond("fail"));
    expect(played.started).toEqual(["A", "B", "C", "D"]);
    expect(played.peak).toBe(2);
    expect(played.status).toBe("success");
  });

  test("D waits for both parents: it does not start while C still runs", () => {
    const g = diamond("fail");
    const outcomes = new Map([
      ["start", { status: "success" as const }],
      ["A", { status: "success" as const }],
      ["B", { status: "success" as const }],
    ]);
    const step = nextStep(g, { outcomes, running: new Set(["C"]), parallelism: 4 });
    expect(step).toEqual({ start: [], skip: [], pass: [], failing: false, status: null });
  });

  test("B fails under continue: D still runs from C (any parent taken), the run ends partial", () => {
    const played = play(diamond("continue"), { B: "failed" });
    expect(played.started).toEqual(["A", "B", "C", "D"]);
    expect(played.status).toBe("partial");
  });

  test("B fails under skip: D is skipped even though C succeeded", () => {
    const played = play(diamond("skip"), { B: "failed" });
    expect(played.started).toEqual(["A", "B", "C"]);
    expect(played.skipped.sort()).toEqual(["D", "end"]);
    expect(played.outcomes.get("C")?.status).toBe("success");
    expect(played.status).toBe("partial");
  });

  test("B fails under fail: C, already running, finishes; D never starts; the run fails", () => {
    const played = play(diamond("fail"), { B: "failed" });
    expect(played.started).toEqual(["A", "B", "C"]);
    expect(played.outcomes.get("C")?.status).toBe("success");
    expect(played.skipped.sort()).toEqual(["D", "end"]);
    expect(played.status).toBe("failed");
  });

  test("while a fail policy waits for running nodes, nothing is skipped or started yet", () => {
    const g = diamond("fail");
    const outcomes = new Map([
      ["start", { status: "success" as const }],
      ["A", { status: "success" as const }],
      ["B", { status: "failed" as const }],
    ]);
    expect(nextStep(g, { outcomes, running: new Set(["C"]), parallelism: 4 })).toEqual({
      start: [],
      skip: [],
      pass: [],
      failing: true,
      status: null,
    });
  });

  test("B fails under fail with parallelism 1: C never starts", () => {
    const played = play(diamond("fail"), { B: "failed" }, { parallelism: 1 });
    expect(played.started).toEqual(["A", "B"]);
    expect(played.skipped.sort()).toEqual(["C", "D", "end"]);
    expect(played.status).toBe("failed");
  });

  test("a failure edge into the join: D runs from B's failure and C's success", () => {
    const played = play(diamond("continue", "failure"), { A: "success" });
    // A succeeded, so A ─failure→ B is dead: B is skipped, D still runs from C.
    expect(played.started).toEqual(["A", "C", "D"]);
    expect(played.skipped).toEqual(["B"]);
    expect(played.status).toBe("success");
  });
});

describe("conditions", () => {
  const g = graphOf(
    ["start", { id: "check", type: "condition" }, "yes", "no", "end"],
    [
      ["start", "check"],
      ["check", "yes", "true"],
      ["check", "no", "false"],
      ["yes", "end"],
      ["no", "end"],
    ],
  );

  test.each([
    [true, ["check", "yes"], ["no"]],
    [false, ["check", "no"], ["yes"]],
  ])("a condition that came to %s leaves by that handle only", (result, started, skipped) => {
    const played = play(g, { check: { condition: result } });
    expect(played.started).toEqual(started);
    expect(played.skipped).toEqual(skipped);
    expect(played.outcomes.get("end")?.status).toBe("success");
    expect(played.status).toBe("success");
  });

  test("an edge without a handle leaves by the source's first output", () => {
    const plain = graphOf(
      ["start", { id: "check", type: "condition" }, "A", "end"],
      [
        ["start", "check"],
        ["check", "A"],
        ["A", "end"],
      ],
    );
    expect(play(plain, { check: { condition: false } }).started).toEqual(["check"]);
    expect(play(plain, { check: { condition: true } }).started).toEqual(["check", "A"]);
  });
});

describe("parallelism and order", () => {
  const ids = ["n1", "n2", "n3", "n4", "n5"];
  const fan = (order: string[], extra: (string | { id: string; type: string })[] = []) =>
    graphOf(
      ["start", ...order, ...extra, "end"],
      [
        ...[...order, ...extra.map((e) => (typeof e === "string" ? e : e.id))].flatMap((id) => [
          ["start", id] as [string, string],
          [id, "end"] as [string, string],
        ]),
      ],
    );

  test.each([1, 2, 3, 5])("at most %i executing nodes run at once", (parallelism) => {
    const played = play(fan(ids), {}, { parallelism });
    expect(played.peak).toBe(parallelism);
    expect(played.started).toEqual(ids);
    expect(played.status).toBe("success");
  });

  test("the first step starts exactly as many as the limit allows, in graph order", () => {
    const step = settle(fan(["n3", "n1", "n5", "n2", "n4"]), {
      outcomes: new Map(),
      running: new Set(),
      parallelism: 3,
    });
    expect(step.start).toEqual(["n3", "n1", "n5"]);
    expect(step.outcomes.get("start")?.status).toBe("success");
    expect(step.status).toBeNull();
  });

  test("running nodes hold their slots", () => {
    const g = fan(ids);
    const step = settle(g, {
      outcomes: new Map([["start", { status: "success" }]]),
      running: new Set(["n1", "n2"]),
      parallelism: 3,
    });
    expect(step.start).toEqual(["n3"]);
  });

  test("a gate waiting for its decision takes no slot", () => {
    const g = fan(["n1", "n2"], [{ id: "gate", type: "gate" }]);
    const step = settle(g, { outcomes: new Map(), running: new Set(), parallelism: 1 });
    expect(step.start).toEqual(["n1", "gate"]);
  });

  test("the same state gives the same decision (the runner replays it)", () => {
    const g = fan(["n4", "n2", "n5", "n1", "n3"]);
    const a = play(g, { n2: "failed" }, { parallelism: 2 });
    const b = play(g, { n2: "failed" }, { parallelism: 2 });
    expect(a).toEqual(b);
    // n4 ends first and frees its slot for n5; n2's failure then stops everything after.
    expect(a.started).toEqual(["n4", "n2", "n5"]);
    expect(a.skipped.sort()).toEqual(["end", "n1", "n3"]);
    expect(a.status).toBe("failed");
  });
});

describe("cancel", () => {
  test("a cancelled run starts nothing more, skips the rest once nothing runs, and ends cancelled", () => {
    const g = chain("success", "fail");
    const outcomes = new Map([["start", { status: "success" as const }]]);
    const waiting = nextStep(g, { outcomes, running: new Set(["A"]), parallelism: 4, cancelled: true });
    expect(waiting).toMatchObject({ start: [], skip: [], status: null });
    const played = play(g, {}, { cancelAfter: 1 });
    expect(played.started).toEqual(["A"]);
    expect(played.outcomes.get("A")?.status).toBe("cancelled");
    expect(played.skipped.sort()).toEqual(["B", "C", "end"]);
    expect(played.status).toBe("cancelled");
  });

  test("a node cancelled on its own (the run was not) leaves the run partial", () => {
    const g = chain("success", "continue");
    const outcomes = new Map([
      ["start", { status: "success" as const }],
      ["A", { status: "cancelled" as const }],
    ]);
    const step = settle(g, { outcomes, running: new Set(), parallelism: 4 });
    expect(step.outcomes.get("B")?.status).toBe("skipped");
    expect(step.status).toBe("partial");
  });
});

describe("the flow's timeout", () => {
  test("once the flow's time is up nothing more starts, even past a continue, and the run fails", () => {
    const g = chain("always", "continue");
    const outcomes = new Map([
      ["start", { status: "success" as const }],
      ["A", { status: "timeout" as const, flowTimedOut: true }],
    ]);
    const without = settle(g, { outcomes, running: new Set(), parallelism: 4 });
    expect(without.start).toEqual(["B"]);
    const step = settle(g, { outcomes, running: new Set(), parallelism: 4, timedOut: true });
    expect(step.start).toEqual([]);
    expect(step.outcomes.get("B")?.status).toBe("skipped");
    expect(step.status).toBe("failed");
  });
});

describe("policies and reach", () => {
  test("a node's policy is its data's, the defaults filling what it leaves out", () => {
    const g = chain("success", "skip");
    expect(policyOf(g, "A")).toMatchObject({ onFailure: "skip", retries: 0, timeoutAction: "fail" });
    expect(policyOf(g, "start").onFailure).toBe("fail");
    expect(policyOf(g, "nope").onFailure).toBe("fail");
  });

  test("downstreamOf follows every edge, not the node itself", () => {
    const g = diamond("fail");
    expect([...downstreamOf(g, "A")].sort()).toEqual(["B", "C", "D", "end"]);
    expect([...downstreamOf(g, "B")].sort()).toEqual(["D", "end"]);
    expect([...downstreamOf(g, "end")]).toEqual([]);
    // The answer is a copy: changing it does not change the next one.
    downstreamOf(g, "B").add("A");
    expect(downstreamOf(g, "B").has("A")).toBe(false);
  });
});
