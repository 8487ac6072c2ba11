/**
 * Dates, durations and relative times as every page shows them (no server imports: server pages
 * and client components share it). Dates are shown in the tenant's time zone (`tenant.timeZone`),
 * with the zone's short name, so a reader never has to guess which clock a time is on.
 */

export type When = Date | string | number;

const toDate = (d: When) => (d instanceof Date ? d : new Date(d));

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One formatter per (zone, seconds); an unknown zone falls back to UTC rather than throwing. */
function formatter(timeZone: string, seconds: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${seconds}`;
  let f = formatters.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions = {
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: seconds ? "2-digit" : undefined,
      hourCycle: "h23",
      timeZoneName: "short",
    };
    try {
      f = new Intl.DateTimeFormat("en-US", { ...options, timeZone });
    } catch {
      f = new Intl.DateTimeFormat("en-US", { ...options, timeZone: "UTC" });
    }
    formatters.set(key, f);
  }
  return f;
}

type Parts = { day: string; time: string; zone: string };

function parts(d: When, timeZone: string, seconds: boolean): Parts {
  const p = Object.fromEntries(
    formatter(timeZone, seconds)
      .formatToParts(toDate(d))
      .map((x) => [x.type, x.value]),
  );
  return {
    day: `${p.year}-${p.month}-${p.day}`,
    time: `${p.hour}:${p.minute}${seconds ? `:${p.second}` : ""}`,
    zone: p.timeZoneName ?? timeZone,
  };
}

/** "2025-06-01 16:03 GMT+2" (or "… 14:03 UTC"): the wall clock in `timeZone`, with the zone's name; "—" for none. */
export function dateTime(
  d: When | null | undefined,
  timeZone: string,
  opts: { seconds?: boolean; zone?: boolean } = {},
): string {
  if (d == null) return "—";
  const { day, time, zone } = parts(d, timeZone, opts.seconds ?? false);
  return opts.zone === false ? `${day} ${time}` : `${day} ${time} ${zone}`;
}

/** "2025-06-01": the calendar day in `timeZone`. */
export function dayOf(d: When, timeZone: string): string {
  return parts(d, timeZone, false).day;
}

/** "14:03 UTC" when `d` falls on the same day as `now` in `timeZone`, else the full date and time. */
export function timeOrDateTime(d: When, timeZone: string, now: When = new Date()): string {
  const at = parts(d, timeZone, false);
  return at.day === parts(now, timeZone, false).day ? `${at.time} ${at.zone}` : `${at.day} ${at.time} ${at.zone}`;
}

/** The words of relative times and durations, per locale (client-safe: no message files needed). */
const UNITS = {
  en: {
    ms: "ms",
    s: "s",
    min: "min",
    h: "h",
    d: "d",
    sep: " ",
    now: "just now",
    soon: "in a moment",
    ago: (x: string) => `${x} ago`,
    in: (x: string) => `in ${x}`,
  },
  "zh-CN": {
    ms: "毫秒",
    s: "秒",
    min: "分钟",
    h: "小时",
    d: "天",
    sep: " ",
    now: "刚刚",
    soon: "马上",
    ago: (x: string) => `${x}前`,
    in: (x: string) => `${x}后`,
  },
} as const;
const units = (locale: string) => (locale === "zh-CN" ? UNITS["zh-CN"] : UNITS.en);

/** "just now", "5 min ago", "3 h ago", "2 d ago"; future dates: "in a moment", "in 3 h" (zh-CN: "刚刚", "5 分钟前"). */
export function relative(d: When, now: When = new Date(), locale = "en"): string {
  const u = units(locale);
  const ms = toDate(now).getTime() - toDate(d).getTime();
  const future = ms < 0;
  const s = Math.abs(ms) / 1000;
  let text: string;
  if (s < 45) return future ? u.soon : u.now;
  if (s < 3600) text = `${Math.max(1, Math.round(s / 60))}${u.sep}${u.min}`;
  else if (s < 86_400) text = `${Math.round(s / 3600)}${u.sep}${u.h}`;
  else text = `${Math.round(s / 86_400)}${u.sep}${u.d}`;
  return future ? u.in(text) : u.ago(text);
}

/** "850 ms", "1.5 s" (tenths under 10 s), "12 s", "3 min 4 s", "1 h 2 min" (zh-CN: "3 分钟 4 秒"). */
export function duration(ms: number, locale = "en"): string {
  const u = units(locale);
  const q = (n: number | string, unit: string) => `${n}${u.sep}${unit}`;
  const whole = Math.max(0, Math.round(ms));
  if (whole < 1000) return q(whole, u.ms);
  if (whole < 9950) return q((whole / 1000).toFixed(1), u.s);
  const s = Math.round(whole / 1000);
  if (s < 60) return q(s, u.s);
  if (s < 3600) return `${q(Math.floor(s / 60), u.min)} ${q(s % 60, u.s)}`;
  return `${q(Math.floor(s / 3600), u.h)} ${q(Math.floor((s % 3600) / 60), u.min)}`;
}

/** The duration from `start` to `end`; null when either is missing (not started, still running). */
export function durationBetween(
  start: When | null | undefined,
  end: When | null | undefined,
  locale = "en",
): string | null {
  if (start == null || end == null) return null;
  return duration(toDate(end).getTime() - toDate(start).getTime(), locale);
}
