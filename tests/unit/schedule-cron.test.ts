/**
 * Parsing a schedule (lib/schedules/cron.ts) and the texts of its refusals and skip reasons
 * (messages/<locale>/jobs.json), in both languages.
 */
import { describe, expect, it } from "vitest";
import { LOCALES } from "@/lib/i18n/locales";
import { msgKey, parseMsg } from "@/lib/i18n/message";
import { renderMessage, renderStored, translator } from "@/lib/i18n/translate";
import { cronProblem, nextFires, parseSchedule, schedule, zoneProblem } from "@/lib/schedules/cron";
import { reasonText, SKIP_CODES } from "@/lib/schedules/reasons";

const code = (message: string | null) => (message ? parseMsg(message)?.code : null);

describe("expressions", () => {
  it.each([
    ["0 9 * * 1-5"],
    ["*/15 * * * *"],
    ["0 9 * * MON-FRI"],
    ["0 0 L * *"],
    ["0 12 * * 5#L"],
    ["0 9 1 * +1"],
    ["@daily"],
    ["@Hourly"],
    ["  0   9 * *   1-5 "],
  ])("accepts %j", (expression) => {
    expect(cronProblem(expression)).toBeNull();
  });

  it.each([
    ["", "jobs.cron_empty"],
    ["   ", "jobs.cron_empty"],
    ["* * * *", "jobs.cron_fields"],
    ["0 0 * * * *", "jobs.cron_seconds"], // 6 fields: seconds, refused
    ["0 0 0 * * * 2027", "jobs.cron_seconds"],
    ["61 * * * *", "jobs.cron_field_invalid"],
    ["0 25 * * *", "jobs.cron_field_invalid"],
    ["0 0 32 * *", "jobs.cron_field_invalid"],
    ["0 0 * 13 *", "jobs.cron_field_invalid"],
    ["0 0 * * FUNDAY", "jobs.cron_field_invalid"],
    ["0 0 31 2 *", "jobs.cron_never"], // February 31st never comes
    ["0 0 31 4,6,9,11 *", "jobs.cron_never"],
    ["@reboot", "jobs.cron_nickname"],
    [`0 0 ${"1,".repeat(60)}1 * *`, "jobs.cron_too_long"],
  ])("refuses %j with %s", (expression, expected) => {
    expect(code(cronProblem(expression))).toBe(expected);
  });

  it("names the field that is wrong", () => {
    expect(parseMsg(cronProblem("0 25 * * *"))?.params).toEqual({ field: "hour", value: "25" });
    expect(parseMsg(cronProblem("0 0 * * FUNDAY"))?.params).toEqual({ field: "day_of_week", value: "FUNDAY" });
    expect(renderMessage("en", cronProblem("0 25 * * *") as string)).toBe("The hour field “25” is not valid.");
    expect(renderMessage("zh-CN", cronProblem("0 25 * * *") as string)).toBe("小时字段“25”无效。");
  });

  it("normalises whitespace and nicknames", () => {
    const spec = schedule("  0   9 * *   1-5 ", "europe/berlin");
    expect(spec.expression).toBe("0 9 * * 1-5");
    expect(spec.timeZone).toBe("Europe/Berlin");
    expect(schedule("@weekly", "UTC").fields).toEqual(["0", "0", "*", "*", "0"]);
  });

  it("ORs day of month and day of week, as Vixie cron does; + ANDs them", () => {
    // 2027-02-01 is a Monday; the 1st of March 2027 is a Monday too, 2027-02-08 and -15 are Mondays.
    const or = nextFires(schedule("0 9 1 * 1", "UTC"), new Date("2027-01-31T00:00:00Z"), 3);
    expect(or.map((f) => f.at.toISOString().slice(0, 10))).toEqual(["2027-02-01", "2027-02-08", "2027-02-15"]);
    const and = nextFires(schedule("0 9 1 * +1", "UTC"), new Date("2027-01-31T00:00:00Z"), 2);
    expect(and.map((f) => f.at.toISOString().slice(0, 10))).toEqual(["2027-02-01", "2027-03-01"]);
  });
});

describe("time zones", () => {
  it.each([["Europe/Berlin"], ["asia/shanghai"], ["UTC"], ["America/Argentina/Buenos_Aires"]])("accepts %s", (zone) => {
    expect(zoneProblem(zone)).toBeNull();
  });

  it.each([
    ["", "jobs.zone_required"],
    ["Mars/Olympus_Mons", "jobs.zone_invalid"],
    ["+05:00", "jobs.zone_invalid"], // an offset has no DST rules
    ["GMT+8 ", "jobs.zone_invalid"],
  ])("refuses %j with %s", (zone, expected) => {
    expect(code(zoneProblem(zone))).toBe(expected);
  });

  it("parseSchedule says which field is wrong", () => {
    expect(parseSchedule("0 9 * * 1-5", "Mars/Base")).toMatchObject({ ok: false, problem: { field: "timeZone" } });
    expect(parseSchedule("0 9 * *", "UTC")).toMatchObject({ ok: false, problem: { field: "expression" } });
    expect(parseSchedule("0 9 * * 1-5", "UTC").ok).toBe(true);
    expect(() => schedule("0 9 * *", "UTC")).toThrow();
  });
});

describe("texts", () => {
  it.each(LOCALES)("every skip reason and DST mark has its text in %s", (locale) => {
    const t = translator(locale);
    for (const c of SKIP_CODES) expect(t.has(`jobs.skip_reasons.${c}`), c).toBe(true);
    for (const k of ["shifted", "repeated", "change_day"]) expect(t.has(`jobs.dst.${k}`), k).toBe(true);
  });

  it("a stored skip reason renders in the reader's language, with its parameters", () => {
    const stored = reasonText({ code: "overlap_limit", params: { limit: 3 } });
    expect(stored).toBe(msgKey("jobs.skip_reasons.overlap_limit", { limit: 3 }));
    expect(renderStored("en", stored)).toBe("3 runs had not finished; the overlap policy allows 3 at once.");
    expect(renderStored("zh-CN", stored)).toBe("已有 3 次运行尚未结束；重叠策略最多允许同时 3 次。");
    const holiday = reasonText({ code: "calendar_holiday_named", params: { date: "2027-10-01", name: "国庆节" } });
    expect(renderStored("en", holiday)).toContain("2027-10-01");
    expect(renderStored("en", holiday)).toContain("国庆节");
  });
});
