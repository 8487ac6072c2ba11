/**
 * DST golden tests for lib/schedules/cron.ts: two full years (2027 and 2028, local time) of fires
 * in America/New_York, Europe/Berlin and Asia/Shanghai, the exact instants around every clock
 * change, and the next-5 preview. The expected values are worked out from the rules, not read
 * off the code:
 *
 * Clock changes (tz rules: US second Sunday of March / first Sunday of November at 02:00 local;
 * EU last Sunday of March / October at 01:00 UTC; China none since 1991):
 * - 2027-01-01 is a Friday, 2028-01-01 a Saturday (2027 has 365 days).
 * - New York: 2027-03-14 (day 73 of 2027: 72 days after a Friday, 72 = 10·7 + 2, so Sunday) and
 *   2027-11-07 (day 311: 310 = 44·7 + 2, Sunday); 2028-03-12 (day 72 of 2028: 71 = 10·7 + 1 after a
 *   Saturday, Sunday) and 2028-11-05 (day 310: 309 = 44·7 + 1, Sunday). Spring: 02:00 EST (07:00Z)
 *   becomes 03:00 EDT, so 02:00–02:59 does not exist. Fall: 02:00 EDT (06:00Z) becomes 01:00 EST,
 *   so 01:00–01:59 happens twice.
 * - Berlin: 2027-03-28 and 2027-10-31, 2028-03-26 and 2028-10-29, at 01:00Z. Spring: 02:00 CET
 *   becomes 03:00 CEST (02:00–02:59 does not exist); fall: 03:00 CEST becomes 02:00 CET
 *   (02:00–02:59 happens twice).
 */
import { Cron } from "croner";
import { describe, expect, it } from "vitest";
import { type CronSpec, type Fire, firesAfter, nextFires, previousFires, schedule } from "@/lib/schedules/cron";
import { previewFires } from "@/lib/schedules/preview";

const NY = "America/New_York";
const BERLIN = "Europe/Berlin";
const SHANGHAI = "Asia/Shanghai";
const MIN = 60_000;

/** Local midnight of 2027-01-01 and of 2029-01-01, as instants (EST −5, CET +1, CST +8). */
const YEARS: Record<string, [string, string]> = {
  [NY]: ["2027-01-01T05:00:00Z", "2029-01-01T05:00:00Z"],
  [BERLIN]: ["2026-12-31T23:00:00Z", "2028-12-31T23:00:00Z"],
  [SHANGHAI]: ["2026-12-31T16:00:00Z", "2028-12-31T16:00:00Z"],
};

const cache = new Map<string, Fire[]>();
/** Every fire of 2027 and 2028 in the zone's own calendar. */
function twoYears(expression: string, zone: string): Fire[] {
  const key = `${expression}|${zone}`;
  let fires = cache.get(key);
  if (!fires) {
    const [from, to] = YEARS[zone] as [string, string];
    const end = new Date(to).getTime();
    fires = [];
    for (const fire of firesAfter(schedule(expression, zone), new Date(new Date(from).getTime() - 1))) {
      if (fire.at.getTime() >= end) break;
      fires.push(fire);
    }
    cache.set(key, fires);
  }
  return fires;
}

const iso = (fires: Fire[]) => fires.map((f) => f.at.toISOString().replace(":00.000Z", "Z"));
/** The fires whose instant lies in [from, to). */
const between = (fires: Fire[], from: string, to: string) =>
  fires.filter((f) => f.at >= new Date(from) && f.at < new Date(to));

const days2027and2028 = (() => {
  const out: string[] = [];
  for (let t = Date.UTC(2027, 0, 1); t < Date.UTC(2029, 0, 1); t += 86_400_000)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
})();

describe("two years of fires: counts", () => {
  // "30 2 * * *": one fire each day, 365 + 366 = 731, in every zone (no day skipped, none doubled).
  // "0 9 * * 1-5": 2027 = 52 weeks + a Friday = 261 weekdays; 2028 = 52 weeks + Sat, Sun = 260; 521.
  // "*/30 * * * *": 48 wall times a day = 35,088; where the clocks jump, 02:00 and 02:30 do not exist
  //   and are the fire at 03:00, so each spring day has 46: 35,088 − 2·2 = 35,084. The fall day has
  //   48 (each repeated wall time fires once). Shanghai has no change: 35,088.
  // "0 0 1 * *": 24.
  it.each([
    ["30 2 * * *", NY, 731],
    ["30 2 * * *", BERLIN, 731],
    ["30 2 * * *", SHANGHAI, 731],
    ["0 9 * * 1-5", NY, 521],
    ["0 9 * * 1-5", BERLIN, 521],
    ["0 9 * * 1-5", SHANGHAI, 521],
    ["*/30 * * * *", NY, 35_084],
    ["*/30 * * * *", BERLIN, 35_084],
    ["*/30 * * * *", SHANGHAI, 35_088],
    ["0 0 1 * *", NY, 24],
    ["0 0 1 * *", BERLIN, 24],
    ["0 0 1 * *", SHANGHAI, 24],
  ])("%s in %s fires %i times", (expression, zone, count) => {
    const fires = twoYears(expression, zone);
    expect(fires).toHaveLength(count);
    // Strictly increasing: no instant twice.
    expect(fires.every((f, i) => i === 0 || f.at > (fires[i - 1] as Fire).at)).toBe(true);
  });

  it.each([NY, BERLIN, SHANGHAI])("a fixed time fires on every day of the two years exactly once (%s)", (zone) => {
    const fires = twoYears("30 2 * * *", zone);
    expect(fires.map((f) => f.wall.slice(0, 10))).toEqual(days2027and2028);
    expect(new Set(iso(fires)).size).toBe(731);
  });

  it.each([
    [NY, ["2027-11-07T05:30Z", "2028-11-05T05:30Z"]],
    [BERLIN, ["2027-10-31T00:30Z", "2028-10-29T00:30Z"]],
    [SHANGHAI, []],
  ])(
    "*/30 keeps 30 minutes apart in real time, except 90 after the last first-pass fire of a fall-back (%s)",
    (zone, after) => {
      // Spring: 01:30 standard, then 03:00 summer time is 30 real minutes. Fall: the repeated hour
      // fires on its first pass only, so the next fire comes 90 minutes after its last one.
      const fires = twoYears("*/30 * * * *", zone);
      const gaps = fires
        .slice(1)
        .map((f, i) => [(fires[i] as Fire).at, f.at.getTime() - (fires[i] as Fire).at.getTime()] as const);
      expect(
        gaps
          .filter(([, ms]) => ms !== 30 * MIN)
          .map(([at, ms]) => [at.toISOString().replace(":00.000Z", "Z"), ms / MIN]),
      ).toEqual(after.map((at) => [at, 90]));
    },
  );
});

describe("the instants around each clock change", () => {
  it("New York, 30 2 * * *: the missing 02:30 fires at 03:00 EDT; fall-back has a single 02:30", () => {
    const fires = twoYears("30 2 * * *", NY);
    // 2027-03-13 02:30 EST = 07:30Z; 03-14 02:30 does not exist → 03:00 EDT = 07:00Z; 03-15 02:30 EDT = 06:30Z.
    expect(iso(between(fires, "2027-03-13T00:00Z", "2027-03-16T00:00Z"))).toEqual([
      "2027-03-13T07:30Z",
      "2027-03-14T07:00Z",
      "2027-03-15T06:30Z",
    ]);
    const gapDay = fires.find((f) => f.wall === "2027-03-14T02:30");
    expect(gapDay?.shift).toBe("gap");
    // 02:30 exists once on 2027-11-07 (the repeated hour is 01:00–01:59): 02:30 EST = 07:30Z.
    expect(iso(between(fires, "2027-11-06T00:00Z", "2027-11-09T00:00Z"))).toEqual([
      "2027-11-06T06:30Z",
      "2027-11-07T07:30Z",
      "2027-11-08T07:30Z",
    ]);
    expect(iso(between(fires, "2028-03-12T00:00Z", "2028-03-13T00:00Z"))).toEqual(["2028-03-12T07:00Z"]);
  });

  it("New York, 30 1 * * *: the repeated 01:30 fires once, at 01:30 EDT", () => {
    const fires = twoYears("30 1 * * *", NY);
    expect(fires).toHaveLength(731);
    // 01:30 EDT = 05:30Z; the second 01:30 (EST, 06:30Z) does not fire.
    expect(iso(between(fires, "2027-11-06T00:00Z", "2027-11-09T00:00Z"))).toEqual([
      "2027-11-06T05:30Z",
      "2027-11-07T05:30Z",
      "2027-11-08T06:30Z",
    ]);
    expect(fires.find((f) => f.wall === "2027-11-07T01:30")?.shift).toBe("repeat");
    expect(iso(between(fires, "2028-11-05T00:00Z", "2028-11-06T00:00Z"))).toEqual(["2028-11-05T05:30Z"]);
  });

  it("Berlin, 30 2 * * *: hits both the gap and the repeated hour", () => {
    const fires = twoYears("30 2 * * *", BERLIN);
    // 03-27 02:30 CET = 01:30Z; 03-28 02:30 does not exist → 03:00 CEST = 01:00Z; 03-29 02:30 CEST = 00:30Z.
    expect(iso(between(fires, "2027-03-27T00:00Z", "2027-03-30T00:00Z"))).toEqual([
      "2027-03-27T01:30Z",
      "2027-03-28T01:00Z",
      "2027-03-29T00:30Z",
    ]);
    // 10-31 02:30 happens at 00:30Z (CEST) and 01:30Z (CET): only the first fires.
    expect(iso(between(fires, "2027-10-30T00:00Z", "2027-11-02T00:00Z"))).toEqual([
      "2027-10-30T00:30Z",
      "2027-10-31T00:30Z",
      "2027-11-01T01:30Z",
    ]);
    expect(iso(between(fires, "2028-03-26T00:00Z", "2028-03-27T00:00Z"))).toEqual(["2028-03-26T01:00Z"]);
    expect(iso(between(fires, "2028-10-29T00:00Z", "2028-10-30T00:00Z"))).toEqual(["2028-10-29T00:30Z"]);
  });

  it("Shanghai, 30 2 * * *: always 18:30Z the day before", () => {
    const fires = twoYears("30 2 * * *", SHANGHAI);
    expect(fires.every((f) => f.at.toISOString().endsWith("T18:30:00.000Z") && f.shift === null)).toBe(true);
  });

  it("*/30 in New York: the gap is one fire at 03:00 EDT, the repeated hour fires on its first pass", () => {
    const fires = twoYears("*/30 * * * *", NY);
    expect(iso(between(fires, "2027-03-14T05:50Z", "2027-03-14T08:00Z"))).toEqual([
      "2027-03-14T06:00Z", // 01:00 EST
      "2027-03-14T06:30Z", // 01:30 EST
      "2027-03-14T07:00Z", // 03:00 EDT, standing for 02:00 and 02:30 (and 03:00)
      "2027-03-14T07:30Z", // 03:30 EDT
    ]);
    expect(between(fires, "2027-03-14T07:00Z", "2027-03-14T07:01Z")[0]).toMatchObject({
      wall: "2027-03-14T02:00",
      shift: "gap",
    });
    expect(iso(between(fires, "2027-11-07T04:20Z", "2027-11-07T07:40Z"))).toEqual([
      "2027-11-07T04:30Z", // 00:30 EDT
      "2027-11-07T05:00Z", // 01:00 EDT
      "2027-11-07T05:30Z", // 01:30 EDT; 01:00 and 01:30 EST (06:00Z, 06:30Z) do not fire
      "2027-11-07T07:00Z", // 02:00 EST
      "2027-11-07T07:30Z",
    ]);
    // The local day counts: 46 on the spring day (05:00Z–04:00Z next), 48 on the fall day (04:00Z–05:00Z next).
    expect(between(fires, "2027-03-14T05:00Z", "2027-03-15T04:00Z")).toHaveLength(46);
    expect(between(fires, "2027-11-07T04:00Z", "2027-11-08T05:00Z")).toHaveLength(48);
  });

  it("*/30 in Berlin around both changes", () => {
    const fires = twoYears("*/30 * * * *", BERLIN);
    expect(iso(between(fires, "2027-03-28T00:20Z", "2027-03-28T01:40Z"))).toEqual([
      "2027-03-28T00:30Z", // 01:30 CET
      "2027-03-28T01:00Z", // 03:00 CEST for 02:00 and 02:30
      "2027-03-28T01:30Z", // 03:30 CEST
    ]);
    expect(iso(between(fires, "2027-10-30T23:20Z", "2027-10-31T02:10Z"))).toEqual([
      "2027-10-30T23:30Z", // 01:30 CEST
      "2027-10-31T00:00Z", // 02:00 CEST
      "2027-10-31T00:30Z", // 02:30 CEST; 02:00 and 02:30 CET (01:00Z, 01:30Z) do not fire
      "2027-10-31T02:00Z", // 03:00 CET
    ]);
  });

  it("15,45 * * * *: both missing wall times of the gap are the one fire at 03:00 EDT", () => {
    // croner alone skips them (01:45 EST, then 03:15 EDT): rule 2 says they fire at the first valid instant.
    expect(iso(nextFires(schedule("15,45 * * * *", NY), new Date("2027-03-14T06:30Z"), 4))).toEqual([
      "2027-03-14T06:45Z", // 01:45 EST
      "2027-03-14T07:00Z", // 03:00 EDT, for 02:15 and 02:45
      "2027-03-14T07:15Z", // 03:15 EDT
      "2027-03-14T07:45Z",
    ]);
  });

  it("0 9 * * 1-5 keeps 09:00 local across the changes", () => {
    // Fri 03-12 09:00 EST = 14:00Z, Mon 03-15 09:00 EDT = 13:00Z; Fri 11-05 13:00Z, Mon 11-08 14:00Z.
    const ny = twoYears("0 9 * * 1-5", NY);
    expect(iso(between(ny, "2027-03-12T00:00Z", "2027-03-16T00:00Z"))).toEqual([
      "2027-03-12T14:00Z",
      "2027-03-15T13:00Z",
    ]);
    expect(iso(between(ny, "2027-11-05T00:00Z", "2027-11-09T00:00Z"))).toEqual([
      "2027-11-05T13:00Z",
      "2027-11-08T14:00Z",
    ]);
    // Berlin: Fri 03-26 09:00 CET = 08:00Z, Mon 03-29 09:00 CEST = 07:00Z; Fri 10-29 07:00Z, Mon 11-01 08:00Z.
    const berlin = twoYears("0 9 * * 1-5", BERLIN);
    expect(iso(between(berlin, "2027-03-26T00:00Z", "2027-03-30T00:00Z"))).toEqual([
      "2027-03-26T08:00Z",
      "2027-03-29T07:00Z",
    ]);
    expect(iso(between(berlin, "2027-10-29T00:00Z", "2027-11-02T00:00Z"))).toEqual([
      "2027-10-29T07:00Z",
      "2027-11-01T08:00Z",
    ]);
    expect(twoYears("0 9 * * 1-5", SHANGHAI).every((f) => f.at.getUTCHours() === 1)).toBe(true);
  });

  it("0 0 1 * * follows the offset of each month's first day", () => {
    // New York: EST (05:00Z) on Jan–Mar 1 and Dec 1, EDT (04:00Z) Apr 1 to Nov 1 (before the fall-back).
    expect(iso(twoYears("0 0 1 * *", NY).slice(0, 12))).toEqual([
      "2027-01-01T05:00Z",
      "2027-02-01T05:00Z",
      "2027-03-01T05:00Z",
      "2027-04-01T04:00Z",
      "2027-05-01T04:00Z",
      "2027-06-01T04:00Z",
      "2027-07-01T04:00Z",
      "2027-08-01T04:00Z",
      "2027-09-01T04:00Z",
      "2027-10-01T04:00Z",
      "2027-11-01T04:00Z",
      "2027-12-01T05:00Z",
    ]);
    // Berlin: midnight CET is 23:00Z the day before, CEST 22:00Z (April to October).
    expect(iso(twoYears("0 0 1 * *", BERLIN).slice(12))).toEqual([
      "2027-12-31T23:00Z",
      "2028-01-31T23:00Z",
      "2028-02-29T23:00Z",
      "2028-03-31T22:00Z",
      "2028-04-30T22:00Z",
      "2028-05-31T22:00Z",
      "2028-06-30T22:00Z",
      "2028-07-31T22:00Z",
      "2028-08-31T22:00Z",
      "2028-09-30T22:00Z",
      "2028-10-31T23:00Z",
      "2028-11-30T23:00Z",
    ]);
    expect(twoYears("0 0 1 * *", SHANGHAI).every((f) => f.at.toISOString().endsWith("T16:00:00.000Z"))).toBe(true);
  });

  it("croner alone fires the repeated hour twice: that is why the wall-time rule is ours", () => {
    const croner = new Cron("*/30 * * * *", { timezone: NY })
      .nextRuns(4, new Date("2027-11-07T04:50:00Z"))
      .map((d) => d.toISOString());
    expect(croner).toContain("2027-11-07T06:00:00.000Z"); // 01:00 EST, the second pass
    expect(iso(nextFires(schedule("*/30 * * * *", NY), new Date("2027-11-07T04:50Z"), 3))).toEqual([
      "2027-11-07T05:00Z",
      "2027-11-07T05:30Z",
      "2027-11-07T07:00Z",
    ]);
  });
});

describe("one sequence, from wherever it is stepped", () => {
  const check = (spec: CronSpec, from: string, to: string) => {
    const all: Fire[] = [];
    for (const f of firesAfter(spec, new Date(from))) {
      if (f.at >= new Date(to)) break;
      all.push(f);
    }
    // The scheduler's way: next_fire_at = the next fire after the one just fired.
    const stepped: Fire[] = [];
    let cursor = new Date(from);
    for (;;) {
      const [next] = nextFires(spec, cursor, 1);
      if (!next || next.at >= new Date(to)) break;
      stepped.push(next);
      cursor = next.at;
    }
    expect(stepped).toEqual(all);
    // Backwards from the end: the same fires, named the same.
    const back = previousFires(spec, new Date(new Date(to).getTime() - 1), all.length).reverse();
    expect(back).toEqual(all);
    return all;
  };

  it.each([
    ["*/30 * * * *", NY, "2027-03-13T12:00Z", "2027-03-15T12:00Z"],
    ["*/30 * * * *", NY, "2027-11-06T12:00Z", "2027-11-08T12:00Z"],
    ["15,45 * * * *", NY, "2027-03-13T12:00Z", "2027-03-15T12:00Z"],
    ["* * * * *", BERLIN, "2027-10-30T22:00Z", "2027-10-31T03:00Z"],
    ["* * * * *", BERLIN, "2027-03-27T23:00Z", "2027-03-28T03:00Z"],
    ["30 2 * * *", BERLIN, "2027-01-01T00:00Z", "2029-01-01T00:00Z"],
  ])("%s in %s from %s to %s", (expression, zone, from, to) => {
    expect(check(schedule(expression, zone), from, to).length).toBeGreaterThan(0);
  });

  it("asked from inside the second pass of a repeated hour, the next fire is after it", () => {
    // 06:10Z is 01:10 EST, the second 01:10: the 01:30 of this night already fired (05:30Z).
    expect(iso(nextFires(schedule("*/30 * * * *", NY), new Date("2027-11-07T06:10Z"), 1))).toEqual([
      "2027-11-07T07:00Z",
    ]);
    expect(iso(previousFires(schedule("*/30 * * * *", NY), new Date("2027-11-07T06:10Z"), 2))).toEqual([
      "2027-11-07T05:30Z",
      "2027-11-07T05:00Z",
    ]);
  });

  it("a fire exactly at the instant asked from is not next, and is the first previous", () => {
    const spec = schedule("0 * * * *", "UTC");
    expect(iso(nextFires(spec, new Date("2027-05-01T10:00Z"), 1))).toEqual(["2027-05-01T11:00Z"]);
    expect(iso(previousFires(spec, new Date("2027-05-01T10:00Z"), 1))).toEqual(["2027-05-01T10:00Z"]);
  });
});

describe("the next-5 preview", () => {
  it("New York 30 2 * * * over the spring change, seen from Shanghai", () => {
    const { fires, skipped } = previewFires({
      spec: schedule("30 2 * * *", NY),
      viewerZone: SHANGHAI,
      now: new Date("2027-03-12T12:00:00Z"),
    });
    expect(skipped).toEqual([]);
    expect(fires.map((f) => [f.at, f.jobTime, f.viewerTime, f.dst])).toEqual([
      ["2027-03-13T07:30:00.000Z", "2027-03-13 02:30 EST", "2027-03-13 15:30 GMT+8", null],
      ["2027-03-14T07:00:00.000Z", "2027-03-14 03:00 EDT", "2027-03-14 15:00 GMT+8", "shifted"],
      ["2027-03-15T06:30:00.000Z", "2027-03-15 02:30 EDT", "2027-03-15 14:30 GMT+8", null],
      ["2027-03-16T06:30:00.000Z", "2027-03-16 02:30 EDT", "2027-03-16 14:30 GMT+8", null],
      ["2027-03-17T06:30:00.000Z", "2027-03-17 02:30 EDT", "2027-03-17 14:30 GMT+8", null],
    ]);
    expect(fires[1]?.wall).toBe("2027-03-14T02:30");
  });

  it("Berlin 30 2 * * * over the fall change, seen from New York", () => {
    const { fires } = previewFires({
      spec: schedule("30 2 * * *", BERLIN),
      viewerZone: NY,
      now: new Date("2027-10-30T00:00:00Z"),
    });
    expect(fires.map((f) => [f.jobTime, f.viewerTime, f.dst])).toEqual([
      ["2027-10-30 02:30 GMT+2", "2027-10-29 20:30 EDT", null],
      ["2027-10-31 02:30 GMT+2", "2027-10-30 20:30 EDT", "repeated"],
      ["2027-11-01 02:30 GMT+1", "2027-10-31 21:30 EDT", null],
      ["2027-11-02 02:30 GMT+1", "2027-11-01 21:30 EDT", null],
      ["2027-11-03 02:30 GMT+1", "2027-11-02 21:30 EDT", null],
    ]);
  });

  it("marks a fire on the day the clocks change even when its own time is untouched", () => {
    const { fires } = previewFires({
      spec: schedule("0 9 * * *", NY),
      viewerZone: NY,
      now: new Date("2027-03-13T00:00:00Z"),
    });
    expect(fires.map((f) => [f.jobTime, f.dst])).toEqual([
      ["2027-03-13 09:00 EST", null],
      ["2027-03-14 09:00 EDT", "change_day"],
      ["2027-03-15 09:00 EDT", null],
      ["2027-03-16 09:00 EDT", null],
      ["2027-03-17 09:00 EDT", null],
    ]);
    // Shanghai never changes: nothing is marked on the same dates.
    const china = previewFires({
      spec: schedule("0 9 * * *", SHANGHAI),
      viewerZone: NY,
      now: new Date("2027-03-13T00:00:00Z"),
    });
    expect(china.fires.map((f) => f.dst)).toEqual([null, null, null, null, null]);
  });

  it("weekdays across New York's fall-back weekend: the viewer's clock moves, the job's does not", () => {
    const { fires } = previewFires({
      spec: schedule("0 9 * * 1-5", NY),
      viewerZone: BERLIN,
      now: new Date("2027-11-04T12:00:00Z"),
    });
    // Berlin fell back a week earlier (10-31): 09:00 EDT = 14:00 CET, 09:00 EST = 15:00 CET.
    expect(fires.map((f) => [f.jobTime, f.viewerTime])).toEqual([
      ["2027-11-04 09:00 EDT", "2027-11-04 14:00 GMT+1"],
      ["2027-11-05 09:00 EDT", "2027-11-05 14:00 GMT+1"],
      ["2027-11-08 09:00 EST", "2027-11-08 15:00 GMT+1"],
      ["2027-11-09 09:00 EST", "2027-11-09 15:00 GMT+1"],
      ["2027-11-10 09:00 EST", "2027-11-10 15:00 GMT+1"],
    ]);
  });
});

describe("other shapes of clock change, by the same rules", () => {
  const at = (expression: string, zone: string, after: string, n: number) =>
    nextFires(schedule(expression, zone), new Date(after), n).map(
      (f) => `${f.at.toISOString().replace(":00.000Z", "Z")} ${f.shift ?? "-"}`,
    );

  it("Havana changes at midnight: the missing 00:00 fires at 01:00 CDT, the repeated 00:30 once", () => {
    // 2027-03-14 00:00 CST (−5) becomes 01:00 CDT (−4) at 05:00Z; 2027-11-07 01:00 CDT becomes 00:00 CST.
    expect(at("0 0 * * *", "America/Havana", "2027-03-12T12:00Z", 3)).toEqual([
      "2027-03-13T05:00Z -",
      "2027-03-14T05:00Z gap",
      "2027-03-15T04:00Z -",
    ]);
    expect(at("30 0 * * *", "America/Havana", "2027-11-05T12:00Z", 3)).toEqual([
      "2027-11-06T04:30Z -",
      "2027-11-07T04:30Z repeat", // 00:30 CDT; 00:30 CST (05:30Z) does not fire
      "2027-11-08T05:30Z -",
    ]);
  });

  it("Lord Howe moves by 30 minutes", () => {
    // 2027-10-03 02:00 (+10:30) becomes 02:30 (+11) at 15:30Z: 02:15 fires at 02:30.
    expect(at("15 2 * * *", "Australia/Lord_Howe", "2027-10-01T12:00Z", 3)).toEqual([
      "2027-10-01T15:45Z -",
      "2027-10-02T15:30Z gap",
      "2027-10-03T15:15Z -",
    ]);
    // 2027-04-04 02:00 (+11) becomes 01:30 (+10:30): 01:45 happens at 14:45Z and 15:15Z; the first fires.
    expect(at("45 1 * * *", "Australia/Lord_Howe", "2027-04-02T00:00Z", 3)).toEqual([
      "2027-04-02T14:45Z -",
      "2027-04-03T14:45Z repeat",
      "2027-04-04T15:15Z -",
    ]);
  });

  it("Samoa skipped 2011-12-30 entirely: its 09:00 fires at the first instant after, 12-31 00:00", () => {
    // Apia went from −10 to +14: 2011-12-29 23:59:59 (−10) was followed by 2011-12-31 00:00 (+14) = 12-30 10:00Z.
    expect(at("0 9 * * *", "Pacific/Apia", "2011-12-28T12:00Z", 4)).toEqual([
      "2011-12-28T19:00Z -",
      "2011-12-29T19:00Z -",
      "2011-12-30T10:00Z gap",
      "2011-12-30T19:00Z -", // 12-31 09:00 (+14), its own fire
    ]);
  });
});
