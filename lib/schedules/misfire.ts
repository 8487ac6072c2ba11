/**
 * Misfires: the fires a schedule missed while nothing ticked (the server down, the executor
 * stopped), and which of them run now (no server imports: a pure function of the schedule, its
 * calendar, the last recorded fire and now).
 *
 * **The rules.** The due slots are those after `since` (the last recorded fire, or when the
 * schedule was armed or resumed: fires during a pause are not misfires) and at or before `now`.
 * - A slot the calendar skips stays skipped with its own reason, whatever the policy.
 * - A slot at most `graceMs` old (default two ticks, 2 min) is **on time**: it runs under every
 *   policy; a late tick is not an outage.
 * - The older ones are **missed**, and the policy decides:
 *   - `skip`: none runs; each is logged `misfire_skipped`.
 *   - `fire_once`: one run stands for all of them: the newest missed one runs, unless an on-time
 *     slot runs anyway, and the others are logged `misfire_coalesced`.
 *   - `fire_all`: each runs, oldest first, up to `cap` (1–MISFIRE_CAP_MAX, default 100); beyond the
 *     cap the most recent `cap` run and the older ones are logged `misfire_cap`.
 * - Only the newest MISFIRE_LISTED skipped slots (beyond those that run) are listed one by one; when
 *   there were more, `unlisted` names the span before them (one log line for a month-long outage of
 *   an every-minute job, not forty thousand).
 * What runs is then subject to the overlap policy (./overlap.ts, `planOverlap`), in order.
 */
import { msg } from "@/lib/i18n/message";
import { type Calendar, EMPTY_CALENDAR, type Slot, slotsAfter, slotsAtOrBefore } from "./calendar";
import type { CronSpec } from "./cron";
import type { SkipReason } from "./reasons";

export const MISFIRE_CAP_MAX = 100;
export const MISFIRE_LISTED = 100;
export const DEFAULT_GRACE_MS = 120_000;
/** At most this many due slots are looked at, runnable or not. */
const SCAN_MAX = 5_000;

export type MisfirePolicy = { kind: "skip" } | { kind: "fire_once" } | { kind: "fire_all"; cap?: number };

export type MisfirePlan = {
  /** The slots to run now, oldest first (on time and caught up). */
  run: Slot[];
  /** The due slots that do not run, oldest first, each with its reason. */
  skipped: { slot: Slot; reason: SkipReason }[];
  /** Due slots after `after` and before `before` that were not looked at; none runs, logged as one span for `reason` (a holiday among them included). */
  unlisted: { after: Date; before: Date; reason: SkipReason } | null;
  /** The schedule's next slot after `now` (its `next_fire_at`), or null when it fires no more. */
  nextFireAt: Date | null;
};

/** Why a misfire policy cannot be a schedule's (a `msg()` string), or null. */
export function misfirePolicyProblem(policy: MisfirePolicy): string | null {
  if (policy.kind !== "fire_all" || policy.cap === undefined) return null;
  return Number.isInteger(policy.cap) && policy.cap >= 1 && policy.cap <= MISFIRE_CAP_MAX
    ? null
    : msg("jobs.misfire_cap_invalid", { max: MISFIRE_CAP_MAX });
}

const capOf = (policy: MisfirePolicy) =>
  policy.kind === "fire_all" ? Math.min(MISFIRE_CAP_MAX, Math.max(1, policy.cap ?? MISFIRE_CAP_MAX)) : 1;

function missedReason(policy: MisfirePolicy): SkipReason {
  if (policy.kind === "skip") return { code: "misfire_skipped" };
  if (policy.kind === "fire_once") return { code: "misfire_coalesced" };
  return { code: "misfire_cap", params: { cap: capOf(policy) } };
}

export function planMisfire(input: {
  spec: CronSpec;
  calendar?: Calendar;
  since: Date;
  now: Date;
  policy: MisfirePolicy;
  graceMs?: number;
}): MisfirePlan {
  const { spec, since, now, policy } = input;
  const calendar = input.calendar ?? EMPTY_CALENDAR;
  const grace = input.graceMs ?? DEFAULT_GRACE_MS;
  const cap = capOf(policy);
  // The tick's common case, without walking back from now: one slot due since `since`, on time
  // (or none), and the next one after now. The same answer as below, at a fraction of the cost.
  if (since < now) {
    const ahead = slotsAfter(spec, calendar, since);
    const first = ahead.next().value;
    if (!first || first.at > now) return { run: [], skipped: [], unlisted: null, nextFireAt: first?.at ?? null };
    const second = ahead.next().value;
    if (!first.skip && now.getTime() - first.at.getTime() <= grace && (!second || second.at > now))
      return { run: [first], skipped: [], unlisted: null, nextFireAt: second?.at ?? null };
  }
  const nextFireAt = slotsAfter(spec, calendar, now).next().value?.at ?? null;
  const reason = missedReason(policy);

  // Newest first, until `since` or until enough runnable missed slots are in hand.
  const due: Slot[] = [];
  let missedSeen = 0;
  let complete = true;
  if (since < now)
    for (const slot of slotsAtOrBefore(spec, calendar, now)) {
      if (slot.at <= since) break;
      if (missedSeen >= (policy.kind === "skip" ? 0 : cap) + MISFIRE_LISTED || due.length >= SCAN_MAX) {
        complete = false;
        break;
      }
      due.push(slot);
      if (!slot.skip && now.getTime() - slot.at.getTime() > grace) missedSeen++;
    }
  due.reverse();

  const onTime = due.filter((s) => !s.skip && now.getTime() - s.at.getTime() <= grace);
  const missed = due.filter((s) => !s.skip && now.getTime() - s.at.getTime() > grace);
  const chosen = new Set<Slot>(
    policy.kind === "skip"
      ? []
      : policy.kind === "fire_once"
        ? onTime.length > 0
          ? []
          : missed.slice(-1)
        : missed.slice(-cap),
  );
  for (const s of onTime) chosen.add(s);
  const run = due.filter((s) => chosen.has(s));
  const skipped = due.filter((s) => !chosen.has(s)).map((slot) => ({ slot, reason: slot.skip ?? reason }));
  const oldest = due[0];
  return {
    run,
    skipped,
    unlisted: complete || !oldest ? null : { after: since, before: oldest.at, reason },
    nextFireAt,
  };
}
