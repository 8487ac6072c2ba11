/**
 * Calendars (lib/schedules/calendar.ts): a holiday skips its fires with the reason, a make-up
 * working day (调休) fires a weekday schedule, dates are read in the schedule's zone.
 *
 * The dates: 2027-01-01 is a Friday, so 2027-09-26 (day 269) is a Sunday, 09-24 a Friday,
 * 10-01 a Friday, 10-09 a Saturday and 06-05 (day 156) a Saturday. Shanghai is UTC+8: 09:00 is 01:00Z.
 */
import { describe, expect, it } from "vitest";
import {
  applyCalendar,
  type Calendar,
  calendarProblem,
  isExcluded,
  isIncluded,
  MAX_CALENDAR_DAYS,
  nextSlots,
  type Slot,
  slotsAtOrBefore,
} from "@/lib/schedules/calendar";
import { nextFires, schedule } from "@/lib/schedules/cron";
import { previewFires } from "@/lib/schedules/preview";

const SHANGHAI = "Asia/Shanghai";

/** 2027's National Day week, as a tenant would enter it: Oct 1 and 4–7 off, Sunday 09-26 and Saturday 10-09 worked. */
const NATIONAL_DAY: Calendar = {
  excluded: [
    { date: "2027-10-01", name: "National Day" },
    { date: "2027-10-04", name: "National Day" },
    { date: "2027-10-05" },
    { date: "2027-10-06", name: "National Day" },
    { date: "2027-10-07", name: "National Day" },
  ],
  included: [
    { date: "2027-09-26", name: "调休" },
    { date: "2027-10-09", name: "调休" },
  ],
};

const row = (s: Slot) => [
  s.at.toISOString().replace(":00.000Z", "Z"),
  s.makeUp ? "make-up" : s.skip ? s.skip.code : "runs",
];

describe("a weekday schedule over a holiday week", () => {
  const spec = schedule("0 9 * * 1-5", SHANGHAI);

  it("skips the holidays with their reason and fires on the make-up days", () => {
    expect(nextSlots(spec, NATIONAL_DAY, new Date("2027-09-24T00:00:00Z"), 14).map(row)).toEqual([
      ["2027-09-24T01:00Z", "runs"], // Fri
      ["2027-09-26T01:00Z", "make-up"], // Sun, 调休
      ["2027-09-27T01:00Z", "runs"],
      ["2027-09-28T01:00Z", "runs"],
      ["2027-09-29T01:00Z", "runs"],
      ["2027-09-30T01:00Z", "runs"],
      ["2027-10-01T01:00Z", "calendar_holiday_named"],
      ["2027-10-04T01:00Z", "calendar_holiday_named"],
      ["2027-10-05T01:00Z", "calendar_holiday"], // no name given
      ["2027-10-06T01:00Z", "calendar_holiday_named"],
      ["2027-10-07T01:00Z", "calendar_holiday_named"],
      ["2027-10-08T01:00Z", "runs"],
      ["2027-10-09T01:00Z", "make-up"], // Sat, 调休
      ["2027-10-11T01:00Z", "runs"],
    ]);
    const [holiday] = nextSlots(spec, NATIONAL_DAY, new Date("2027-09-30T12:00:00Z"), 1);
    expect(holiday?.skip).toEqual({
      code: "calendar_holiday_named",
      params: { date: "2027-10-01", name: "National Day" },
    });
    // Without a calendar, the same weeks are plain weekdays.
    expect(nextFires(spec, new Date("2027-09-24T00:00:00Z"), 14)).toHaveLength(14);
  });

  it("gives the same slots stepping backwards", () => {
    const forward = nextSlots(spec, NATIONAL_DAY, new Date("2027-09-24T00:00:00Z"), 14);
    const back: Slot[] = [];
    for (const s of slotsAtOrBefore(spec, NATIONAL_DAY, new Date("2027-10-11T01:00:00Z"))) {
      back.push(s);
      if (back.length === 14) break;
    }
    expect(back.reverse()).toEqual(forward);
  });

  it("fires a make-up day at every time of the expression", () => {
    const twice = schedule("0 9,17 * * 1-5", SHANGHAI);
    expect(nextSlots(twice, NATIONAL_DAY, new Date("2027-09-25T00:00:00Z"), 3).map(row)).toEqual([
      ["2027-09-26T01:00Z", "make-up"],
      ["2027-09-26T09:00Z", "make-up"],
      ["2027-09-27T01:00Z", "runs"],
    ]);
  });
});

describe("which schedules a make-up day concerns", () => {
  const from = new Date("2027-09-25T00:00:00Z");
  const days = (expression: string, calendar: Calendar = NATIONAL_DAY, n = 2) =>
    nextSlots(schedule(expression, SHANGHAI), calendar, from, n).map(row);

  it.each([
    ["0 9 * * 1-5", true],
    ["0 9 * * MON-FRI", true],
    ["0 9 * * 1-6", true], // Monday to Saturday covers every working weekday
    ["0 9 * * 1,2,3,4,5", true],
    ["0 9 * * 1-4", false], // not every weekday: which one would Sunday stand in for?
    ["0 9 * * 1", false],
    ["0 9 * * 1#1", false],
  ])("%s fires on the make-up Sunday: %s", (expression, fires) => {
    // From Saturday 09-25: does Sunday 09-26 09:00 come up as a make-up fire?
    expect(
      days(expression, NATIONAL_DAY, 3).some(([at, kind]) => at === "2027-09-26T01:00Z" && kind === "make-up"),
    ).toBe(fires);
  });

  it("an every-day schedule fires on a make-up day once, as an ordinary day", () => {
    expect(days("0 9 * * *")).toEqual([
      ["2027-09-25T01:00Z", "runs"],
      ["2027-09-26T01:00Z", "runs"],
    ]);
  });

  it("the month field still applies", () => {
    const june: Calendar = { excluded: [], included: [{ date: "2027-06-05" }, { date: "2027-09-26" }] };
    const firstHalf = schedule("0 9 * 1-6 1-5", SHANGHAI);
    expect(nextSlots(firstHalf, june, new Date("2027-06-04T12:00:00Z"), 2).map(row)).toEqual([
      ["2027-06-05T01:00Z", "make-up"], // Saturday in June
      ["2027-06-07T01:00Z", "runs"],
    ]);
    // 09-26 is in September: this schedule does not fire in September at all.
    expect(nextSlots(firstHalf, june, new Date("2027-06-28T00:00:00Z"), 4).map(row).at(-1)).toEqual([
      "2028-01-03T01:00Z",
      "runs",
    ]);
  });

  it("with + (day of month AND day of week), the day of month must match too", () => {
    const firstWeek = schedule("0 9 1-7 * +1-5", SHANGHAI);
    const saturdays: Calendar = { excluded: [], included: [{ date: "2027-10-02" }, { date: "2027-10-09" }] };
    expect(nextSlots(firstWeek, saturdays, new Date("2027-10-01T12:00:00Z"), 4).map(row)).toEqual([
      ["2027-10-02T01:00Z", "make-up"], // Sat the 2nd: in 1-7
      ["2027-10-04T01:00Z", "runs"],
      ["2027-10-05T01:00Z", "runs"],
      ["2027-10-06T01:00Z", "runs"],
    ]);
  });
});

describe("dates are the schedule's own", () => {
  it("a fire just after midnight in Shanghai belongs to the Shanghai day, not the UTC one", () => {
    const early = schedule("30 0 * * *", SHANGHAI);
    // 10-01 00:30 CST is 09-30 16:30Z: skipped; 10-02 00:30 CST is 10-01 16:30Z: runs.
    expect(nextSlots(early, NATIONAL_DAY, new Date("2027-09-30T12:00:00Z"), 2).map(row)).toEqual([
      ["2027-09-30T16:30Z", "calendar_holiday_named"],
      ["2027-10-01T16:30Z", "runs"],
    ]);
  });

  it("a fire moved out of a DST gap keeps its day", () => {
    const ny = schedule("30 2 * * *", "America/New_York");
    const holiday: Calendar = { excluded: [{ date: "2027-03-14" }], included: [] };
    // The 02:30 of 03-14 does not exist and fires at 03:00 EDT (07:00Z): it is 03-14's, so skipped.
    expect(nextSlots(ny, holiday, new Date("2027-03-13T12:00:00Z"), 2).map(row)).toEqual([
      ["2027-03-14T07:00Z", "calendar_holiday"],
      ["2027-03-15T06:30Z", "runs"],
    ]);
  });

  it("isExcluded and isIncluded take a day, or an instant read in a zone", () => {
    expect(isExcluded(NATIONAL_DAY, "2027-10-01")).toEqual({ date: "2027-10-01", name: "National Day" });
    expect(isExcluded(NATIONAL_DAY, "2027-10-02")).toBeNull();
    expect(isExcluded(NATIONAL_DAY, new Date("2027-09-30T16:30:00Z"), SHANGHAI)?.date).toBe("2027-10-01");
    expect(isExcluded(NATIONAL_DAY, new Date("2027-09-30T16:30:00Z"), "UTC")).toBeNull();
    expect(isIncluded(NATIONAL_DAY, "2027-09-26")?.name).toBe("调休");
    expect(isIncluded(NATIONAL_DAY, "2027-10-01")).toBeNull();
  });

  it("applyCalendar marks a fire list", () => {
    const fires = nextFires(schedule("0 9 * * *", SHANGHAI), new Date("2027-09-30T00:00:00Z"), 2);
    expect(applyCalendar(fires, NATIONAL_DAY).map((f) => f.skip?.code ?? null)).toEqual([
      null,
      "calendar_holiday_named",
    ]);
  });
});

describe("the preview with a calendar", () => {
  it("lists the next 5 that run and the holidays skipped on the way", () => {
    const { fires, skipped } = previewFires({
      spec: schedule("0 9 * * 1-5", SHANGHAI),
      calendar: NATIONAL_DAY,
      viewerZone: "Europe/Berlin",
      now: new Date("2027-09-29T04:00:00Z"),
    });
    expect(fires.map((f) => [f.jobTime, f.viewerTime, f.makeUp])).toEqual([
      ["2027-09-30 09:00 GMT+8", "2027-09-30 03:00 GMT+2", false],
      ["2027-10-08 09:00 GMT+8", "2027-10-08 03:00 GMT+2", false],
      ["2027-10-09 09:00 GMT+8", "2027-10-09 03:00 GMT+2", true],
      ["2027-10-11 09:00 GMT+8", "2027-10-11 03:00 GMT+2", false],
      ["2027-10-12 09:00 GMT+8", "2027-10-12 03:00 GMT+2", false],
    ]);
    expect(skipped.map((s) => s.jobTime.slice(0, 10))).toEqual([
      "2027-10-01",
      "2027-10-04",
      "2027-10-05",
      "2027-10-06",
      "2027-10-07",
    ]);
  });
});

describe("refusals", () => {
  it.each([
    [
      "2027-02-29 (2027 is no leap year)",
      { excluded: [{ date: "2027-02-29" }], included: [] },
      "jobs.calendar_date_invalid",
    ],
    ["month 13", { excluded: [{ date: "2027-13-01" }], included: [] }, "jobs.calendar_date_invalid"],
    ["a two-digit year", { excluded: [], included: [{ date: "27-10-01" }] }, "jobs.calendar_date_invalid"],
    [
      "a date both off and worked",
      { excluded: [{ date: "2027-10-01" }], included: [{ date: "2027-10-01" }] },
      "jobs.calendar_both",
    ],
    [
      "one date too many",
      {
        excluded: Array.from({ length: MAX_CALENDAR_DAYS + 1 }, (_, i) => ({
          date: new Date(Date.UTC(2027, 0, 1 + i)).toISOString().slice(0, 10),
        })),
        included: [],
      },
      "jobs.calendar_too_many",
    ],
  ])("refuses %s", (_, calendar, code) => {
    expect(calendarProblem(calendar)).toContain(`"code":"${code}"`);
  });

  it("accepts a valid calendar", () => {
    expect(calendarProblem(NATIONAL_DAY)).toBeNull();
    expect(calendarProblem({ excluded: [{ date: "2028-02-29" }], included: [] })).toBeNull();
  });
});
