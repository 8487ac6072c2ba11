/**
 * A schedule's calendar: excluded dates (holidays) and included dates (make-up working days, 调休)
 * (no server imports: pure functions, shared by the scheduler and the job form's preview).
 *
 * **The rules.** Dates are calendar days ("YYYY-MM-DD") of the schedule's own time zone, and a
 * fire belongs to the day of the wall time it was scheduled for (a fire moved out of a DST gap
 * keeps its day).
 * - An **excluded** date skips every fire of that day; each is still a fire time, logged
 *   `skipped` with the reason `calendar_holiday` (and the holiday's name when it has one).
 * - An **included** date counts as a working day, Monday to Friday, for a **weekday schedule**:
 *   one whose day-of-week field is restricted and matches every Monday to Friday ("1-5", "MON-FRI",
 *   "1-6"). On an included date that the expression's own day fields do not match (a Saturday for
 *   "0 9 * * 1-5"), such a schedule fires at the times its minute and hour fields give, if the
 *   month field matches (and the day-of-month field too, when `+` ANDs the day fields). Any other
 *   schedule ignores included dates: a Monday-only job does not know which weekday a make-up day
 *   stands in for, and an every-day job fires on it anyway.
 * - A date may not be both. A calendar holds at most MAX_CALENDAR_DAYS dates.
 *
 * The resulting sequence is the schedule's **slots**: every fire time, with `skip` set for the
 * excluded ones and `makeUp` for those an included date added.
 */
import { Cron } from "croner";
import { msg } from "@/lib/i18n/message";
import { type CronSpec, type Fire, firesAfter, firesAtOrBefore } from "./cron";
import type { SkipReason } from "./reasons";
import { DAY_MS, dayStart, instantOf, localDay, wallText } from "./zone";

export const MAX_CALENDAR_DAYS = 1000;

export type CalendarDay = { date: string; name?: string };
export type Calendar = { excluded: readonly CalendarDay[]; included: readonly CalendarDay[] };

/** A fire time of a schedule with its calendar: run it, unless `skip` says why not. */
export type Slot = Fire & { makeUp: boolean; skip: SkipReason | null };

export const EMPTY_CALENDAR: Calendar = { excluded: [], included: [] };

/** Why a calendar cannot be a schedule's (a `msg()` string), or null when it can. */
export function calendarProblem(calendar: Calendar): string | null {
  if (calendar.excluded.length + calendar.included.length > MAX_CALENDAR_DAYS)
    return msg("jobs.calendar_too_many", { max: MAX_CALENDAR_DAYS });
  for (const d of [...calendar.excluded, ...calendar.included])
    if (dayStart(d.date) === null) return msg("jobs.calendar_date_invalid", { date: d.date });
  const excluded = new Set(calendar.excluded.map((d) => d.date));
  const both = calendar.included.find((d) => excluded.has(d.date));
  return both ? msg("jobs.calendar_both", { date: both.date }) : null;
}

type Index = { excluded: Map<string, CalendarDay>; included: Map<string, CalendarDay>; includedDays: string[] };
const indexes = new WeakMap<Calendar, Index>();

function indexOf(calendar: Calendar): Index {
  let index = indexes.get(calendar);
  if (!index) {
    const included = new Map(calendar.included.map((d) => [d.date, d]));
    index = {
      excluded: new Map(calendar.excluded.map((d) => [d.date, d])),
      included,
      includedDays: [...included.keys()].filter((d) => dayStart(d) !== null).sort(),
    };
    indexes.set(calendar, index);
  }
  return index;
}

/** The excluded date (holiday) `day` is, or null. `day` is "YYYY-MM-DD", or an instant read in `zone`. */
export function isExcluded(calendar: Calendar, day: string | Date, zone = "UTC"): CalendarDay | null {
  const d = typeof day === "string" ? day : localDay(day.getTime(), zone);
  return indexOf(calendar).excluded.get(d) ?? null;
}

/** The included date (make-up working day) `day` is, or null. */
export function isIncluded(calendar: Calendar, day: string | Date, zone = "UTC"): CalendarDay | null {
  const d = typeof day === "string" ? day : localDay(day.getTime(), zone);
  return indexOf(calendar).included.get(d) ?? null;
}

/** The skip reason of a fire on an excluded date. */
function holidayReason(day: CalendarDay): SkipReason {
  return day.name
    ? { code: "calendar_holiday_named", params: { date: day.date, name: day.name } }
    : { code: "calendar_holiday", params: { date: day.date } };
}

const wallCron = (expression: string) => new Cron(expression, { utcOffset: 0, mode: "5-part" });

/** What a schedule does on included dates: nothing, or fire by these two croner patterns. */
type MakeUp = { days: Cron; times: Cron } | null;
const makeUps = new WeakMap<CronSpec, MakeUp>();

function makeUpOf(spec: CronSpec): MakeUp {
  if (makeUps.has(spec)) return makeUps.get(spec) ?? null;
  const [minute, hour, dom, month, dow] = spec.fields;
  let rule: MakeUp = null;
  const and = dow.startsWith("+");
  const weekdays = and ? dow.slice(1) : dow;
  if (weekdays !== "*" && weekdays !== "?") {
    const byWeekday = wallCron(`0 0 * * ${weekdays}`);
    // Six weeks from Monday 2024-01-01: every Monday–Friday, in every position of a month.
    let all = true;
    for (let i = 0; i < 42 && all; i++) {
      const d = new Date(Date.UTC(2024, 0, 1 + i));
      if (d.getUTCDay() >= 1 && d.getUTCDay() <= 5 && !byWeekday.match(d)) all = false;
    }
    if (all)
      rule = {
        days: wallCron(`0 0 ${dom} ${month} ${dow}`),
        times: wallCron(`${minute} ${hour} ${and ? dom : "*"} ${month} *`),
      };
  }
  makeUps.set(spec, rule);
  return rule;
}

/** The fires an included date adds, in order (none when the expression fires on it anyway). */
function makeUpFires(spec: CronSpec, rule: NonNullable<MakeUp>, day: string): Slot[] {
  const start = dayStart(day) as number;
  if (rule.days.match(new Date(start))) return [];
  const out: Slot[] = [];
  let cursor = start - 1000;
  for (;;) {
    const next = rule.times.nextRun(new Date(cursor));
    if (!next || next.getTime() >= start + DAY_MS) break;
    cursor = next.getTime();
    const { at, shift } = instantOf(cursor, spec.timeZone);
    if (out.length > 0 && out[out.length - 1]?.at.getTime() === at) continue;
    out.push({ at: new Date(at), wall: wallText(cursor), shift, makeUp: true, skip: null });
  }
  return out;
}

function slotOf(fire: Fire, index: Index): Slot {
  const holiday = index.excluded.get(fire.wall.slice(0, 10));
  return { ...fire, makeUp: false, skip: holiday ? holidayReason(holiday) : null };
}

/** Two sorted streams as one (`before(a, b)`: a comes first); on a tie the first stream's item wins. */
function* merge<T>(a: Iterator<T>, b: Iterator<T>, before: (x: T, y: T) => boolean, same: (x: T, y: T) => boolean) {
  let x = a.next();
  let y = b.next();
  while (!x.done || !y.done) {
    if (y.done || (!x.done && !before(y.value, x.value))) {
      if (!y.done && !x.done && same(x.value, y.value)) y = b.next();
      yield x.value as T;
      x = a.next();
    } else {
      yield y.value;
      y = b.next();
    }
  }
}

const sameAt = (x: Slot, y: Slot) => x.at.getTime() === y.at.getTime();

/** Every slot strictly after `after`, in order. */
export function* slotsAfter(spec: CronSpec, calendar: Calendar, after: Date): Generator<Slot> {
  const index = indexOf(calendar);
  const base = (function* () {
    for (const fire of firesAfter(spec, after)) yield slotOf(fire, index);
  })();
  const rule = makeUpOf(spec);
  const extra = (function* () {
    if (!rule) return;
    // From the day before `after`'s: a fire moved out of a gap can land on the next day.
    const first = localDay(after.getTime() - DAY_MS, spec.timeZone);
    for (const day of index.includedDays) {
      if (day < first) continue;
      for (const slot of makeUpFires(spec, rule, day)) if (slot.at > after) yield slot;
    }
  })();
  yield* merge(base, extra, (x, y) => x.at < y.at, sameAt);
}

/** Every slot at or before `atOrBefore`, newest first. */
export function* slotsAtOrBefore(spec: CronSpec, calendar: Calendar, atOrBefore: Date): Generator<Slot> {
  const index = indexOf(calendar);
  const base = (function* () {
    for (const fire of firesAtOrBefore(spec, atOrBefore)) yield slotOf(fire, index);
  })();
  const rule = makeUpOf(spec);
  const extra = (function* () {
    if (!rule) return;
    const last = localDay(atOrBefore.getTime() + DAY_MS, spec.timeZone);
    for (let i = index.includedDays.length - 1; i >= 0; i--) {
      const day = index.includedDays[i] as string;
      if (day > last) continue;
      for (const slot of makeUpFires(spec, rule, day).reverse()) if (slot.at <= atOrBefore) yield slot;
    }
  })();
  yield* merge(base, extra, (x, y) => x.at > y.at, sameAt);
}

/** The next `n` slots strictly after `after`. */
export function nextSlots(spec: CronSpec, calendar: Calendar, after: Date, n: number): Slot[] {
  const out: Slot[] = [];
  if (n <= 0) return out;
  for (const slot of slotsAfter(spec, calendar, after)) if (out.push(slot) >= n) break;
  return out;
}

/** A list of fires with the calendar applied: each with its skip reason (null: it runs). */
export function applyCalendar(fires: readonly Fire[], calendar: Calendar): { fire: Fire; skip: SkipReason | null }[] {
  const index = indexOf(calendar);
  return fires.map((fire) => ({ fire, skip: slotOf(fire, index).skip }));
}
