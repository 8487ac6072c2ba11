/**
 * Misfire policies (lib/schedules/misfire.ts) as a scenario table: policy × outage → which fires
 * run and which are logged skipped, with their reason. Grace is the default 2 minutes.
 */
import { describe, expect, it } from "vitest";
import type { Calendar } from "@/lib/schedules/calendar";
import { schedule } from "@/lib/schedules/cron";
import { MISFIRE_LISTED, type MisfirePolicy, misfirePolicyProblem, planMisfire } from "@/lib/schedules/misfire";

const hourly = schedule("0 * * * *", "UTC");
const at = (hhmm: string, day = "2027-05-01") => new Date(`${day}T${hhmm}:00Z`);
const hm = (d: Date) => d.toISOString().slice(11, 16);

const SKIP: MisfirePolicy = { kind: "skip" };
const ONCE: MisfirePolicy = { kind: "fire_once" };
const ALL: MisfirePolicy = { kind: "fire_all" };
const ALL2: MisfirePolicy = { kind: "fire_all", cap: 2 };

describe("an hourly schedule, last fired at 10:00", () => {
  // [situation, policy, now, runs, skipped as "hh:mm reason"]
  it.each([
    // Down from 10:00 to 13:30: 11:00, 12:00 and 13:00 were missed (13:00 is 30 min old).
    [
      "down 10:00–13:30",
      SKIP,
      "13:30",
      [],
      ["11:00 misfire_skipped", "12:00 misfire_skipped", "13:00 misfire_skipped"],
    ],
    ["down 10:00–13:30", ONCE, "13:30", ["13:00"], ["11:00 misfire_coalesced", "12:00 misfire_coalesced"]],
    ["down 10:00–13:30", ALL, "13:30", ["11:00", "12:00", "13:00"], []],
    ["down 10:00–13:30", ALL2, "13:30", ["12:00", "13:00"], ["11:00 misfire_cap"]],
    // Back at 13:01: 13:00 is on time (1 min), so it runs under every policy.
    ["back at 13:01", SKIP, "13:01", ["13:00"], ["11:00 misfire_skipped", "12:00 misfire_skipped"]],
    ["back at 13:01", ONCE, "13:01", ["13:00"], ["11:00 misfire_coalesced", "12:00 misfire_coalesced"]],
    ["back at 13:01", ALL, "13:01", ["11:00", "12:00", "13:00"], []],
    // The cap counts missed fires only: 11:00 and 12:00 are two, and the on-time 13:00 runs anyway.
    ["back at 13:01", ALL2, "13:01", ["11:00", "12:00", "13:00"], []],
    // Exactly at the edge of grace (2 min): still on time; one second later: missed.
    ["tick 2 min late", SKIP, "11:02", ["11:00"], []],
    ["tick 2 min 1 s late", SKIP, "11:02:01", [], ["11:00 misfire_skipped"]],
    // No outage: one due fire, run by every policy.
    ["no outage", SKIP, "11:00:20", ["11:00"], []],
    ["no outage", ONCE, "11:00:20", ["11:00"], []],
    ["no outage", ALL, "11:00:20", ["11:00"], []],
    // Nothing due yet.
    ["nothing due", SKIP, "10:30", [], []],
    ["nothing due", ALL, "10:30", [], []],
  ] as const)("%s, %o at %s", (_, policy, now, runs, skipped) => {
    const nowAt = now.length === 5 ? at(now) : new Date(`2027-05-01T${now}Z`);
    const plan = planMisfire({ spec: hourly, since: at("10:00"), now: nowAt, policy });
    expect(plan.run.map((s) => hm(s.at))).toEqual(runs);
    expect(plan.skipped.map((s) => `${hm(s.slot.at)} ${s.reason.code}`)).toEqual(skipped);
    expect(plan.unlisted).toBeNull();
    // next_fire_at is the next hour after now, whatever the policy.
    expect(plan.nextFireAt?.toISOString()).toBe(
      new Date(Math.floor(nowAt.getTime() / 3_600_000 + 1) * 3_600_000).toISOString(),
    );
  });

  it("the cap is named in the reason", () => {
    const plan = planMisfire({ spec: hourly, since: at("10:00"), now: at("13:30"), policy: ALL2 });
    expect(plan.skipped[0]?.reason).toEqual({ code: "misfire_cap", params: { cap: 2 } });
  });
});

describe("a 3-hour outage of an every-minute schedule (10:00–13:00)", () => {
  // 180 fires are due (10:01 … 13:00). 12:58, 12:59 and 13:00 are at most 2 min old: on time.
  // The other 177 (10:01 … 12:57) were missed.
  const everyMinute = schedule("* * * * *", "UTC");
  const plan = (policy: MisfirePolicy) =>
    planMisfire({ spec: everyMinute, since: at("10:00"), now: at("13:00"), policy });

  it("skip: the 3 on-time fires run; the newest 100 missed are listed skipped, the 77 before them are one span", () => {
    const p = plan(SKIP);
    expect(p.run.map((s) => hm(s.at))).toEqual(["12:58", "12:59", "13:00"]);
    expect(p.skipped).toHaveLength(MISFIRE_LISTED);
    expect(p.skipped.map((s) => hm(s.slot.at)).slice(0, 1)).toEqual(["11:18"]);
    expect(p.skipped.map((s) => hm(s.slot.at)).slice(-1)).toEqual(["12:57"]);
    // 10:01 … 11:17 = 77 fires, not listed one by one.
    expect(p.unlisted).toEqual({ after: at("10:00"), before: at("11:18"), reason: { code: "misfire_skipped" } });
  });

  it("fire once: the on-time fires stand for the outage; the missed ones are coalesced", () => {
    const p = plan(ONCE);
    expect(p.run.map((s) => hm(s.at))).toEqual(["12:58", "12:59", "13:00"]);
    expect(p.skipped.every((s) => s.reason.code === "misfire_coalesced")).toBe(true);
    expect(p.unlisted?.reason).toEqual({ code: "misfire_coalesced" });
  });

  it("fire all: the 3 on-time fires and the newest 100 missed run (103 runs); the 77 older are skipped at the cap", () => {
    const p = plan(ALL);
    expect(p.run).toHaveLength(103);
    expect(p.run.map((s) => hm(s.at)).slice(0, 1)).toEqual(["11:18"]);
    expect(p.skipped).toHaveLength(77);
    expect(p.skipped.every((s) => s.reason.code === "misfire_cap")).toBe(true);
    expect(p.unlisted).toBeNull();
    // Every due fire is accounted for exactly once.
    const seen = [...p.run.map((s) => s.at.getTime()), ...p.skipped.map((s) => s.slot.at.getTime())];
    expect(new Set(seen).size).toBe(180);
  });

  it("fire once with no on-time fire: the newest missed one runs", () => {
    // Hourly, last fired 07:00, back at 10:30: 08:00, 09:00, 10:00 missed; 10:00 runs.
    const hourlyOnce = planMisfire({ spec: hourly, since: at("07:00"), now: at("10:30"), policy: ONCE });
    expect(hourlyOnce.run.map((s) => hm(s.at))).toEqual(["10:00"]);
  });
});

describe("with a calendar and across DST", () => {
  it("a missed holiday stays skipped for its holiday, whatever the policy", () => {
    const daily = schedule("0 9 * * *", "Asia/Shanghai");
    const calendar: Calendar = { excluded: [{ date: "2027-10-01", name: "National Day" }], included: [] };
    // Last fired 09-30 09:00 CST (01:00Z); back 10-03 12:00 CST (04:00Z): 10-01, 10-02, 10-03 09:00 are due.
    for (const [policy, runs, reasons] of [
      [ONCE, ["2027-10-03"], ["calendar_holiday_named", "misfire_coalesced"]],
      [ALL, ["2027-10-02", "2027-10-03"], ["calendar_holiday_named"]],
      [SKIP, [], ["calendar_holiday_named", "misfire_skipped", "misfire_skipped"]],
    ] as const) {
      const p = planMisfire({
        spec: daily,
        calendar,
        since: new Date("2027-09-30T01:00:00Z"),
        now: new Date("2027-10-03T04:00:00Z"),
        policy,
      });
      expect(p.run.map((s) => s.at.toISOString().slice(0, 10))).toEqual(runs);
      expect(p.skipped.map((s) => s.reason.code)).toEqual(reasons);
    }
  });

  it("an outage over New York's fall-back night catches up each fire once", () => {
    // Last fired 00:00 EDT (04:00Z); back at 03:10 EST (08:10Z). Due: 00:30, 01:00, 01:30 EDT,
    // then 02:00, 02:30, 03:00 EST; the second 01:00 and 01:30 are not fires.
    const p = planMisfire({
      spec: schedule("*/30 * * * *", "America/New_York"),
      since: new Date("2027-11-07T04:00:00Z"),
      now: new Date("2027-11-07T08:10:00Z"),
      policy: ALL,
    });
    expect(p.run.map((s) => hm(s.at))).toEqual(["04:30", "05:00", "05:30", "07:00", "07:30", "08:00"]);
    expect(p.nextFireAt?.toISOString()).toBe("2027-11-07T08:30:00.000Z");
  });

  it("fires during a pause are not misfires: since is when the schedule was resumed", () => {
    const p = planMisfire({ spec: hourly, since: at("12:40"), now: new Date("2027-05-01T13:00:30Z"), policy: ALL });
    expect(p.run.map((s) => hm(s.at))).toEqual(["13:00"]);
    expect(p.skipped).toEqual([]);
  });
});

describe("refusals", () => {
  it.each([
    [{ kind: "fire_all", cap: 0 }, true],
    [{ kind: "fire_all", cap: 101 }, true],
    [{ kind: "fire_all", cap: 2.5 }, true],
    [{ kind: "fire_all", cap: 100 }, false],
    [{ kind: "fire_all" }, false],
    [{ kind: "skip" }, false],
  ] as const)("%o refused: %s", (policy, refused) => {
    const problem = misfirePolicyProblem(policy);
    expect(problem !== null).toBe(refused);
    if (problem) expect(problem).toContain("jobs.misfire_cap_invalid");
  });
});
