/**
 * Wall clocks of IANA time zones, for the schedules (no server imports: pure functions over
 * `Intl`, shared by the scheduler and the job form's preview). A wall time is a number of
 * milliseconds whose UTC fields are the clock's fields ("2027-03-14T02:30" is
 * `Date.UTC(2027, 2, 14, 2, 30)`), so croner can match it at UTC offset 0, where no DST exists.
 *
 * Offsets come from `Intl.DateTimeFormat` and are kept per zone and UTC day: a day whose start
 * and end have the same offset is taken to have no change inside it (true of every zone's rules
 * today: no zone changes twice within one day), and a day with a change has it found to the
 * second by bisection.
 */

export const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's canonical name ("america/new_york" is "America/New_York"), or null for no zone. Offsets ("+05:00") are refused: they have no DST rules and are not IANA names. */
export function canonicalZone(zone: string): string | null {
  const name = zone.trim();
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return null;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** wall − UTC at instant `t` (whole seconds), in ms, straight from Intl. */
function rawOffset(zone: string, t: number): number {
  const s = Math.floor(t / 1000) * 1000;
  let y = 0;
  let mo = 0;
  let d = 0;
  let h = 0;
  let mi = 0;
  let se = 0;
  for (const p of formatter(zone).formatToParts(new Date(s))) {
    if (p.type === "year") y = Number(p.value);
    else if (p.type === "month") mo = Number(p.value);
    else if (p.type === "day") d = Number(p.value);
    else if (p.type === "hour") h = Number(p.value);
    else if (p.type === "minute") mi = Number(p.value);
    else if (p.type === "second") se = Number(p.value);
  }
  return Date.UTC(y, mo - 1, d, h, mi, se) - s;
}

/** A UTC day of a zone: one offset throughout, or a change at instant `at`. */
type DayOffsets = { offset: number } | { before: number; at: number; after: number };

const days = new Map<string, Map<number, DayOffsets>>();
const MAX_DAYS_PER_ZONE = 100_000;

function dayOffsets(zone: string, day: number): DayOffsets {
  let byDay = days.get(zone);
  if (!byDay) {
    byDay = new Map();
    days.set(zone, byDay);
  }
  let info = byDay.get(day);
  if (info) return info;
  const start = day * DAY_MS;
  const before = rawOffset(zone, start);
  const after = rawOffset(zone, start + DAY_MS);
  if (before === after) info = { offset: before };
  else {
    // The first second whose offset is no longer `before`.
    let lo = start / 1000;
    let hi = (start + DAY_MS) / 1000;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (rawOffset(zone, mid * 1000) === before) lo = mid;
      else hi = mid;
    }
    info = { before, at: hi * 1000, after: rawOffset(zone, hi * 1000) };
  }
  if (byDay.size >= MAX_DAYS_PER_ZONE) byDay.clear();
  byDay.set(day, info);
  return info;
}

/** wall − UTC, in ms, at instant `t` in `zone` (New York in winter: −5 h). */
export function offsetAt(zone: string, t: number): number {
  const info = dayOffsets(zone, Math.floor(t / DAY_MS));
  return "offset" in info ? info.offset : t < info.at ? info.before : info.after;
}

/** The instant of the clock change in the UTC day of `t`, if there is one. */
function changeInDay(zone: string, t: number): number | null {
  const info = dayOffsets(zone, Math.floor(t / DAY_MS));
  return "at" in info ? info.at : null;
}

/** The wall time at instant `t` in `zone`. */
export function wallOf(t: number, zone: string): number {
  return t + offsetAt(zone, t);
}

/**
 * The instant a wall time fires at, by the DST rules of lib/schedules/cron.ts: a wall time that
 * exists once is its instant; one that occurs twice (clocks go back) is its first occurrence
 * (`shift: "repeat"`); one that does not exist (clocks jump forward over it) is the first valid
 * instant after the gap, the instant of the jump (`shift: "gap"`). Non-decreasing in `wall`.
 */
export function instantOf(wall: number, zone: string): { at: number; shift: "gap" | "repeat" | null } {
  const before = offsetAt(zone, wall - DAY_MS);
  const after = offsetAt(zone, wall + DAY_MS);
  const valid: number[] = [];
  for (const o of before === after ? [before] : [before, after]) {
    const t = wall - o;
    if (offsetAt(zone, t) === o) valid.push(t);
  }
  if (valid.length === 0) {
    // Two changes within two days would need this too; today's rules never do that.
    const middle = offsetAt(zone, wall - offsetAt(zone, wall));
    if (offsetAt(zone, wall - middle) === middle) valid.push(wall - middle);
  }
  if (valid.length > 0) return { at: Math.min(...valid), shift: valid.length > 1 ? "repeat" : null };
  // In a gap: the jump lies between the wall time read at the offset after it and at the one before.
  const lo = wall - Math.max(before, after);
  const hi = wall - Math.min(before, after);
  for (const t of [lo, hi]) {
    const at = changeInDay(zone, t);
    if (at !== null && at > lo && at <= hi) return { at, shift: "gap" };
  }
  return { at: hi, shift: "gap" };
}

/** "2027-03-14T02:30": a wall time as the schedule's log and preview name it. */
export function wallText(wall: number): string {
  return new Date(wall).toISOString().slice(0, 16);
}

/** "2027-03-14": the calendar day of a wall time. */
export function wallDay(wall: number): string {
  return new Date(wall).toISOString().slice(0, 10);
}

/** The calendar day of instant `t` in `zone`. */
export function localDay(t: number, zone: string): string {
  return wallDay(wallOf(t, zone));
}

/** Midnight (wall) of a "YYYY-MM-DD" day, or null when it is not a real date. */
export function dayStart(day: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return wallDay(t) === day ? t : null;
}

/** Whether the clocks of `zone` change during the wall day `day` ("YYYY-MM-DD"). */
export function clocksChangeOn(day: string, zone: string): boolean {
  const start = dayStart(day);
  if (start === null) return false;
  const from = instantOf(start, zone).at;
  const to = instantOf(start + DAY_MS, zone).at;
  // From just before the day begins (a change at midnight belongs to the day it starts) to its end.
  return offsetAt(zone, from - 1) !== offsetAt(zone, to - 1);
}
