/**
 * Overlap: what a due fire does while earlier runs of the same schedule are still running or
 * queued (no server imports: a pure function of the policy and the counts).
 *
 * **The rules.** `active` is the schedule's runs that have not ended: `running`, and `queued`
 * (written, not started yet: just enqueued, or buffered behind a running one). A manual run of
 * the job counts when the caller counts it.
 * - `skip`: run when nothing is active, else skip (`overlap_running`).
 * - `buffer_one`: run when nothing is active; with one active, buffer (queue it to start when
 *   that one ends); with two or more (one already buffered), skip (`overlap_buffer_full`).
 * - `allow_n` (limit 1–OVERLAP_LIMIT_MAX): run while fewer than `limit` are active, else skip
 *   (`overlap_limit`). `allow_n` with limit 1 is `skip`.
 * Several due fires at once (a misfire catch-up) go through `planOverlap` in order: each one run
 * or buffered counts as queued for the next.
 */
import { msg } from "@/lib/i18n/message";
import type { SkipReason } from "./reasons";

export const OVERLAP_LIMIT_MAX = 100;

export type OverlapPolicy = { kind: "skip" } | { kind: "buffer_one" } | { kind: "allow_n"; limit: number };
export type ActiveRuns = { running: number; queued: number };
export type OverlapDecision = { action: "run" } | { action: "buffer" } | { action: "skip"; reason: SkipReason };

/** Why an overlap policy cannot be a schedule's (a `msg()` string), or null. */
export function overlapPolicyProblem(policy: OverlapPolicy): string | null {
  if (policy.kind !== "allow_n") return null;
  return Number.isInteger(policy.limit) && policy.limit >= 1 && policy.limit <= OVERLAP_LIMIT_MAX
    ? null
    : msg("jobs.overlap_limit_invalid", { max: OVERLAP_LIMIT_MAX });
}

export function decideOverlap(policy: OverlapPolicy, active: ActiveRuns): OverlapDecision {
  const n = Math.max(0, active.running) + Math.max(0, active.queued);
  switch (policy.kind) {
    case "skip":
      return n === 0 ? { action: "run" } : { action: "skip", reason: { code: "overlap_running" } };
    case "buffer_one":
      if (n === 0) return { action: "run" };
      return n === 1 ? { action: "buffer" } : { action: "skip", reason: { code: "overlap_buffer_full" } };
    case "allow_n": {
      const limit = Math.min(OVERLAP_LIMIT_MAX, Math.max(1, Math.floor(policy.limit)));
      return n < limit ? { action: "run" } : { action: "skip", reason: { code: "overlap_limit", params: { limit } } };
    }
  }
}

/** The decisions for several due fires, oldest first, each seeing the ones before it as queued. */
export function planOverlap<T>(
  policy: OverlapPolicy,
  fires: readonly T[],
  active: ActiveRuns,
): { fire: T; decision: OverlapDecision }[] {
  let queued = active.queued;
  return fires.map((fire) => {
    const decision = decideOverlap(policy, { running: active.running, queued });
    if (decision.action !== "skip") queued++;
    return { fire, decision };
  });
}
