import { describe, expect, test } from "vitest";
import type { OnFailure } from "@/lib/flows/catalog";
import { type NodeOutcome, rerunPlan } from "@/lib/flows/engine";
import { graphOf, play, type Script } from "./simulate";

/**
 * start → A → B → D → end, A → C → D (B continues on failure), and a side branch start → E → end
 * (E under `eOnFailure`).
 */
const flow = (eOnFailure: OnFailure = "continue") =>
  graphOf(
    [
      "start",
      "A",
      { id: "B", policy: { onFailure: "continue" } },
      "C",
      "D",
      { id: "E", policy: { onFailure: eOnFailure } },
      "end",
    ],
    [
      ["start", "A"],
      ["A", "B"],
      ["A", "C"],
      ["B", "D"],
      ["C", "D"],
      ["D", "end"],
      ["start", "E"],
      ["E", "end"],
    ],
  );

/** The first run: B fails, E times out; D still runs from C. */
function firstRun(eOnFailure: OnFailure = "continue", script: Record<string, Script> = { B: "failed", E: "timeout" }) {
  const g = flow(eOnFailure);
  return { g, first: play(g, script, { parallelism: 1 }) };
}

const sorted = (ids: Iterable<string>) => [...ids].sort();

describe("rerun modes", () => {
  test("the first run is what the fixtures say: partial, B failed, E timed out, D ran", () => {
    const { first } = firstRun();
    expect(first.status).toBe("partial");
    expect(first.started).toEqual(["A", "B", "C", "D", "E"]);
    expect(first.outcomes.get("B")?.status).toBe("failed");
    expect(first.outcomes.get("E")?.status).toBe("timeout");
  });

  test("all: every node executes again, nothing kept", () => {
    const { g, first } = firstRun();
    const plan = rerunPlan(g, first.outcomes, "all");
    expect(sorted(plan.execute)).toEqual(["A", "B", "C", "D", "E", "end", "start"]);
    expect(plan.keep.size).toBe(0);
    const rerun = play(g, {}, { seed: plan.keep });
    expect(rerun.started).toEqual(["A", "E", "B", "C", "D"]);
    expect(rerun.status).toBe("success");
  });

  test("failed: only the failed and timed-out nodes execute; successes are reused, never executed, even downstream", () => {
    const { g, first } = firstRun();
    const plan = rerunPlan(g, first.outcomes, "failed");
    expect(sorted(plan.execute)).toEqual(["B", "E"]);
    expect(sorted(plan.keep.keys())).toEqual(["A", "C", "D", "end", "start"]);
    for (const o of plan.keep.values()) expect(o).toMatchObject({ status: "reused", kept: true });
    expect(plan.keep.get("A")?.output).toEqual({ from: "A" });

    const rerun = play(g, {}, { seed: plan.keep });
    expect(sorted(rerun.started)).toEqual(["B", "E"]);
    expect(rerun.status).toBe("success");
  });

  test("failed: what was skipped behind a failure executes too", () => {
    // B fails under skip: D and end were skipped behind it.
    const g = graphOf(
      ["start", "A", { id: "B", policy: { onFailure: "skip" } }, "C", "D", "end"],
      [
        ["start", "A"],
        ["A", "B"],
        ["A", "C"],
        ["B", "D"],
        ["C", "D"],
        ["D", "end"],
      ],
    );
    const first = play(g, { B: "failed" });
    expect(first.skipped.sort()).toEqual(["D", "end"]);
    const plan = rerunPlan(g, first.outcomes, "failed");
    expect(sorted(plan.execute)).toEqual(["B", "D", "end"]);
    const rerun = play(g, {}, { seed: plan.keep });
    expect(rerun.started).toEqual(["B", "D"]);
    expect(rerun.outcomes.get("end")?.status).toBe("success");
    expect(rerun.status).toBe("success");
  });

  test("failed: a node that fails again ends the rerun partial again", () => {
    const { g, first } = firstRun();
    const plan = rerunPlan(g, first.outcomes, "failed");
    const rerun = play(g, { B: "failed" }, { seed: plan.keep });
    expect(sorted(rerun.started)).toEqual(["B", "E"]);
    expect(rerun.status).toBe("partial");
  });

  test("from A: A and everything downstream of it execute; the rest keep their outcomes", () => {
    const { g, first } = firstRun();
    const plan = rerunPlan(g, first.outcomes, "from", "A");
    expect(sorted(plan.execute)).toEqual(["A", "B", "C", "D", "end"]);
    expect(sorted(plan.keep.keys())).toEqual(["E", "start"]);
    expect(plan.keep.get("start")).toMatchObject({ status: "reused", kept: true });
    expect(plan.keep.get("E")).toMatchObject({ status: "timeout", kept: true });

    const rerun = play(g, {}, { seed: plan.keep });
    expect(rerun.started).toEqual(["A", "B", "C", "D"]);
    // E is still timed out (kept, under continue): the run cannot be a success.
    expect(rerun.status).toBe("partial");
  });

  test("from C: a succeeded node is executed again when chosen, and so is what follows it", () => {
    const { g, first } = firstRun();
    const plan = rerunPlan(g, first.outcomes, "from", "C");
    expect(sorted(plan.execute)).toEqual(["C", "D", "end"]);
    expect(plan.keep.get("B")).toMatchObject({ status: "failed", kept: true });
    const rerun = play(g, {}, { seed: plan.keep });
    expect(rerun.started).toEqual(["C", "D"]);
  });

  test("from: a kept failure under `fail` stops nothing, but the rerun still ends failed for it", () => {
    const { g, first } = firstRun("fail", { E: "failed" });
    expect(first.status).toBe("failed");
    const plan = rerunPlan(g, first.outcomes, "from", "A");
    expect(plan.keep.get("E")).toMatchObject({ status: "failed", kept: true });
    const rerun = play(g, {}, { seed: plan.keep });
    expect(rerun.started).toEqual(["A", "B", "C", "D"]);
    expect(rerun.status).toBe("failed");
  });

  test("from an unknown node is refused", () => {
    const { g, first } = firstRun();
    expect(() => rerunPlan(g, first.outcomes, "from", "ghost")).toThrow();
    expect(() => rerunPlan(g, first.outcomes, "from")).toThrow();
  });

  test("a node the earlier run has no outcome for executes in every mode", () => {
    const { g, first } = firstRun();
    const partialPrevious = new Map<string, NodeOutcome>(first.outcomes);
    partialPrevious.delete("E");
    expect(rerunPlan(g, partialPrevious, "from", "A").execute.has("E")).toBe(true);
    expect(rerunPlan(g, partialPrevious, "failed").execute.has("E")).toBe(true);
  });

  test("a kept condition keeps its result: the rerun takes the same branch without evaluating it again", () => {
    const g = graphOf(
      ["start", { id: "check", type: "condition" }, "yes", { id: "no", policy: { onFailure: "continue" } }, "end"],
      [
        ["start", "check"],
        ["check", "yes", "true"],
        ["check", "no", "false"],
        ["yes", "end"],
        ["no", "end", "always"],
      ],
    );
    const first = play(g, { check: { condition: false }, no: "failed" });
    expect(first.status).toBe("partial");
    const plan = rerunPlan(g, first.outcomes, "failed");
    expect(plan.keep.get("check")).toMatchObject({ status: "reused", conditionResult: false });
    // "yes" was skipped, so it is in the set, but the kept condition still says false: skipped again.
    expect(sorted(plan.execute)).toEqual(["no", "yes"]);
    const rerun = play(g, {}, { seed: plan.keep });
    expect(rerun.started).toEqual(["no"]);
    expect(rerun.skipped).toEqual(["yes"]);
    expect(rerun.status).toBe("success");
  });
});

test("a condition restored from its stored row (output { result }) still takes its branch", () => {
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
  const seed = new Map([
    ["start", { status: "reused" as const, kept: true }],
    ["check", { status: "reused" as const, output: { result: false }, kept: true }],
  ]);
  const rerun = play(g, {}, { seed });
  expect(rerun.started).toEqual(["no"]);
  expect(rerun.skipped).toEqual(["yes"]);
});
