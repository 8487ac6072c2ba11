import { describe, expect, test } from "vitest";
import { dateTime, dayOf, duration, durationBetween, relative, timeOrDateTime } from "@/lib/format";

describe("duration", () => {
  test("milliseconds under a second", () => {
    expect(duration(0)).toBe("0 ms");
    expect(duration(850)).toBe("850 ms");
    expect(duration(999.4)).toBe("999 ms");
    expect(duration(-5)).toBe("0 ms");
  });
  test("tenths of a second under ten seconds, whole seconds up to a minute", () => {
    expect(duration(1000)).toBe("1.0 s");
    expect(duration(1500)).toBe("1.5 s");
    expect(duration(9940)).toBe("9.9 s");
    expect(duration(9950)).toBe("10 s");
    expect(duration(12_400)).toBe("12 s");
    expect(duration(59_400)).toBe("59 s");
  });
  test("minutes and seconds, then hours and minutes", () => {
    expect(duration(59_600)).toBe("1 min 0 s");
    expect(duration(184_000)).toBe("3 min 4 s");
    expect(duration(3_600_000)).toBe("1 h 0 min");
    expect(duration(3_720_000)).toBe("1 h 2 min");
    expect(duration(26 * 3_600_000)).toBe("26 h 0 min");
  });
  test("between two instants; null while one is missing", () => {
    expect(durationBetween("2026-01-01T00:00:00Z", "2026-01-01T00:00:01.200Z")).toBe("1.2 s");
    expect(durationBetween(new Date("2026-01-01T00:00:00Z"), new Date("2026-01-01T00:03:04Z"))).toBe("3 min 4 s");
    expect(durationBetween(null, new Date())).toBeNull();
    expect(durationBetween(new Date(), null)).toBeNull();
  });
});

describe("dateTime in the tenant's time zone", () => {
  const at = new Date("2026-06-01T14:03:09Z");
  test("UTC reads as before: date, minutes, the zone", () => {
    expect(dateTime(at, "UTC")).toBe("2026-06-01 14:03 UTC");
    expect(dateTime(at, "UTC", { seconds: true })).toBe("2026-06-01 14:03:09 UTC");
    expect(dateTime(at.toISOString(), "UTC", { zone: false })).toBe("2026-06-01 14:03");
  });
  test("another zone shifts the wall clock, the day and names the offset", () => {
    expect(dateTime(at, "Europe/Berlin")).toBe("2026-06-01 16:03 GMT+2");
    expect(dateTime(new Date("2026-01-15T23:30:00Z"), "Europe/Berlin")).toBe("2026-01-16 00:30 GMT+1");
    expect(dateTime(at, "America/New_York")).toBe("2026-06-01 10:03 EDT");
    expect(dateTime(at, "Asia/Kolkata")).toBe("2026-06-01 19:33 GMT+5:30");
    expect(dayOf(new Date("2026-06-01T02:00:00Z"), "America/Los_Angeles")).toBe("2026-05-31");
  });
  test("midnight is 00, not 24", () => {
    expect(dateTime(new Date("2026-06-01T00:00:00Z"), "UTC")).toBe("2026-06-01 00:00 UTC");
  });
  test("nothing to show is a dash; an unknown zone falls back to UTC", () => {
    expect(dateTime(null, "UTC")).toBe("—");
    expect(dateTime(undefined, "Europe/Berlin")).toBe("—");
    expect(dateTime(at, "Not/AZone")).toBe("2026-06-01 14:03 UTC");
  });
  test("the time alone when it is today in that zone", () => {
    const now = new Date("2026-06-01T20:00:00Z");
    expect(timeOrDateTime(new Date("2026-06-01T21:30:00Z"), "UTC", now)).toBe("21:30 UTC");
    // 21:30 UTC is already tomorrow in Berlin, while 20:00 UTC is still today there.
    expect(timeOrDateTime(new Date("2026-06-01T22:30:00Z"), "Europe/Berlin", now)).toBe("2026-06-02 00:30 GMT+2");
  });
});

describe("relative", () => {
  const now = new Date("2026-06-01T12:00:00Z");
  const ago = (ms: number) => new Date(now.getTime() - ms);
  test("past", () => {
    expect(relative(ago(10_000), now)).toBe("just now");
    expect(relative(ago(50_000), now)).toBe("1 min ago");
    expect(relative(ago(5 * 60_000), now)).toBe("5 min ago");
    expect(relative(ago(3 * 3_600_000), now)).toBe("3 h ago");
    expect(relative(ago(2 * 86_400_000), now)).toBe("2 d ago");
  });
  test("future", () => {
    expect(relative(ago(-10_000), now)).toBe("in a moment");
    expect(relative(ago(-3 * 3_600_000), now)).toBe("in 3 h");
    expect(relative(ago(-2 * 86_400_000).toISOString(), now)).toBe("in 2 d");
  });
});
