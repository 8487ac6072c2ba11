/**
 * Overlap policies (lib/schedules/overlap.ts) as a scenario table: policy × what is still
 * running or queued → run now, buffer, or skip with its reason.
 */
import { describe, expect, it } from "vitest";
import {
  decideOverlap,
  type OverlapDecision,
  type OverlapPolicy,
  overlapPolicyProblem,
  planOverlap,
} from "@/lib/schedules/overlap";

const SKIP: OverlapPolicy = { kind: "skip" };
const BUFFER: OverlapPolicy = { kind: "buffer_one" };
const ALLOW3: OverlapPolicy = { kind: "allow_n", limit: 3 };
const ALLOW1: OverlapPolicy = { kind: "allow_n", limit: 1 };

const outcome = (d: OverlapDecision) => (d.action === "skip" ? `skip ${d.reason.code}` : d.action);

describe("one due fire", () => {
  // [policy, running, queued, outcome]
  it.each([
    [SKIP, 0, 0, "run"],
    [SKIP, 1, 0, "skip overlap_running"],
    [SKIP, 0, 1, "skip overlap_running"], // queued, not started yet: still a run of this schedule
    [BUFFER, 0, 0, "run"],
    [BUFFER, 1, 0, "buffer"], // waits for the running one
    [BUFFER, 0, 1, "buffer"], // waits behind the queued one
    [BUFFER, 1, 1, "skip overlap_buffer_full"], // one is already waiting
    [BUFFER, 2, 0, "skip overlap_buffer_full"],
    [ALLOW3, 0, 0, "run"],
    [ALLOW3, 2, 0, "run"],
    [ALLOW3, 1, 1, "run"],
    [ALLOW3, 2, 1, "skip overlap_limit"],
    [ALLOW3, 3, 0, "skip overlap_limit"],
    [ALLOW1, 0, 0, "run"],
    [ALLOW1, 1, 0, "skip overlap_limit"], // allow 1 is skip, with the limit named
  ] as const)("%o with %i running and %i queued: %s", (policy, running, queued, expected) => {
    expect(outcome(decideOverlap(policy, { running, queued }))).toBe(expected);
  });

  it("names the limit in the reason", () => {
    expect(decideOverlap(ALLOW3, { running: 3, queued: 0 })).toEqual({
      action: "skip",
      reason: { code: "overlap_limit", params: { limit: 3 } },
    });
  });
});

describe("several due fires at once (a misfire catch-up of 4)", () => {
  const fires = ["11:00", "12:00", "13:00", "14:00"];
  // [policy, running, outcomes in order]
  it.each([
    [SKIP, 0, ["run", "skip overlap_running", "skip overlap_running", "skip overlap_running"]],
    [SKIP, 1, ["skip overlap_running", "skip overlap_running", "skip overlap_running", "skip overlap_running"]],
    [BUFFER, 0, ["run", "buffer", "skip overlap_buffer_full", "skip overlap_buffer_full"]],
    [BUFFER, 1, ["buffer", "skip overlap_buffer_full", "skip overlap_buffer_full", "skip overlap_buffer_full"]],
    [ALLOW3, 0, ["run", "run", "run", "skip overlap_limit"]],
    [ALLOW3, 1, ["run", "run", "skip overlap_limit", "skip overlap_limit"]],
  ] as const)("%o with %i running", (policy, running, expected) => {
    const plan = planOverlap(policy, fires, { running, queued: 0 });
    expect(plan.map((p) => p.fire)).toEqual(fires);
    expect(plan.map((p) => outcome(p.decision))).toEqual(expected);
  });
});

describe("refusals", () => {
  it.each([
    [{ kind: "allow_n", limit: 0 }, true],
    [{ kind: "allow_n", limit: 101 }, true],
    [{ kind: "allow_n", limit: 1.5 }, true],
    [{ kind: "allow_n", limit: 100 }, false],
    [{ kind: "buffer_one" }, false],
  ] as const)("%o refused: %s", (policy, refused) => {
    const problem = overlapPolicyProblem(policy);
    expect(problem !== null).toBe(refused);
    if (problem) expect(problem).toContain("jobs.overlap_limit_invalid");
  });
});
