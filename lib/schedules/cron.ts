/**
 * A schedule's cron expression in its IANA time zone, and the instants it fires at
 * (no server imports: pure functions, shared by the scheduler, the job form and its preview).
 *
 * **Expressions** have 5 fields: minute, hour, day of month, month, day of week, in croner's syntax
 * (lists, ranges, `*\/n` steps, JAN–DEC and SUN–SAT names, `L`, `W`, `#`, `?`), or one of
 * @hourly, @daily (@midnight), @weekly, @monthly, @yearly (@annually). Day of month and day of
 * week are OR-ed when both are restricted, as in Vixie cron: "0 9 1 * 1" fires on the 1st and on
 * every Monday; a `+` before the day of week ANDs them ("0 9 1 * +1": a 1st that is a Monday).
 * **Seconds are refused** (6 fields, or 7 with a year): the scheduler ticks once a minute, so a
 * seconds field would promise a precision it cannot keep.
 *
 * **DST rules**, the same for every expression. The expression is matched against the zone's wall
 * clock, and each matching wall time fires once:
 * 1. A wall time that exists once fires at its instant.
 * 2. A wall time that does not exist (the clocks jump forward over it) fires once, at the first
 *    valid instant after the gap, which is the instant of the jump: "30 2 * * *" in New York on
 *    2027-03-14 fires at 03:00 EDT (07:00 UTC). All wall times of one gap, and a wall time at the
 *    gap's end, are that one fire ("15,45 * * * *" fires 01:45 EST, 03:00 EDT, 03:15 EDT).
 * 3. A wall time that occurs twice (the clocks go back) fires once, at its first occurrence:
 *    "30 1 * * *" in New York on 2027-11-07 fires at 01:30 EDT (05:30 UTC), not again at 01:30 EST.
 * So no day loses a fire and none gets two. Interval expressions follow the same rules, so
 * "*\/30 * * * *" in New York pauses 90 minutes on fall-back night (01:30 EDT, then 02:00 EST)
 * and fires 01:30 EST then 03:00 EDT on spring-forward night; a job that must keep an even pace
 * in real time takes the zone UTC.
 *
 * croner 11 differs: it follows Vixie cron, firing interval expressions twice in a repeated hour
 * and skipping their wall times in a gap (a fixed time such as "30 2 * * *" it treats as we do).
 * So croner is asked only about the wall clock, at UTC offset 0 where there is no DST, and the
 * wall-time-to-instant rule is ours (`instantOf` in ./zone.ts).
 *
 * The fires of a schedule are one fixed sequence of instants; `nextFires(spec, after, n)` is its
 * first n strictly after `after` and `previousFires` its last n at or before an instant, so
 * stepping fire by fire (the scheduler's `next_fire_at`) gives the same sequence from anywhere.
 */
import { Cron } from "croner";
import { msg } from "@/lib/i18n/message";
import { canonicalZone, DAY_MS, instantOf, offsetAt, wallOf, wallText } from "./zone";

export const MAX_EXPRESSION_CHARS = 120;

const FIELD_NAMES = ["minute", "hour", "day_of_month", "month", "day_of_week"] as const;
export type CronField = (typeof FIELD_NAMES)[number];
type Fields = readonly [string, string, string, string, string];

const NICKNAMES: Record<string, string> = {
  "@hourly": "0 * * * *",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@weekly": "0 0 * * 0",
  "@monthly": "0 0 1 * *",
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
};

/** A parsed schedule: its expression (whitespace normalised), zone (canonical) and 5 fields. */
export type CronSpec = {
  readonly expression: string;
  readonly timeZone: string;
  readonly fields: Fields;
  /** croner over the wall clock (UTC offset 0); internal to lib/schedules. */
  readonly wallCron: Cron;
};

/** One fire: its instant, the wall time it was scheduled for, and how DST moved it. */
export type Fire = {
  at: Date;
  /** The wall time matched ("2027-03-14T02:30"); for a gap, the first one the fire stands for. */
  wall: string;
  /** "gap": the wall time did not exist (rule 2); "repeat": it occurs twice, this is the first (rule 3). */
  shift: "gap" | "repeat" | null;
};

/** A refusal: the form field it belongs to and its `msg()` text (`jobs.*`). */
export type ScheduleProblem = { field: "expression" | "timeZone"; message: string };

const wallCron = (expression: string) => new Cron(expression, { utcOffset: 0, mode: "5-part" });

function parses(expression: string): boolean {
  try {
    wallCron(expression);
    return true;
  } catch {
    return false;
  }
}

/** The 5 fields of an expression, or the refusal. */
function fieldsOf(expression: string): Fields | string {
  if (!expression) return msg("jobs.cron_empty");
  if (expression.length > MAX_EXPRESSION_CHARS) return msg("jobs.cron_too_long", { max: MAX_EXPRESSION_CHARS });
  if (expression.startsWith("@")) {
    const fields = NICKNAMES[expression.toLowerCase()];
    return fields ? (fields.split(" ") as unknown as Fields) : msg("jobs.cron_nickname", { name: expression });
  }
  const parts = expression.split(" ");
  if (parts.length === 6 || parts.length === 7) return msg("jobs.cron_seconds");
  if (parts.length !== 5) return msg("jobs.cron_fields", { count: parts.length });
  return parts as unknown as Fields;
}

/** Why an expression cannot be a schedule (a `msg()` string), or null when it can. */
export function cronProblem(expression: string): string | null {
  const normalised = expression.trim().replace(/\s+/g, " ");
  const fields = fieldsOf(normalised);
  if (typeof fields === "string") return fields;
  const whole = fields.join(" ");
  if (!parses(whole)) {
    // Name the field: each alone, with the others `*`, tells which one croner refuses.
    const bad = fields.findIndex((value, i) => !parses(fields.map((_, j) => (j === i ? value : "*")).join(" ")));
    if (bad >= 0)
      return msg("jobs.cron_field_invalid", { field: FIELD_NAMES[bad] as string, value: fields[bad] as string });
    return msg("jobs.cron_invalid", { expression: normalised });
  }
  // No year field: an expression that fires at all fires within any 28 years.
  if (!wallCron(whole).nextRun(new Date(Date.UTC(2000, 0, 1))))
    return msg("jobs.cron_never", { expression: normalised });
  return null;
}

/** Why a time zone cannot be a schedule's (a `msg()` string), or null when it can. */
export function zoneProblem(zone: string): string | null {
  if (!zone.trim()) return msg("jobs.zone_required");
  return canonicalZone(zone) ? null : msg("jobs.zone_invalid", { zone: zone.trim() });
}

/** An expression and a zone as a schedule, or the first refusal (expression first). */
export function parseSchedule(
  expression: string,
  timeZone: string,
): { ok: true; spec: CronSpec } | { ok: false; problem: ScheduleProblem } {
  const bad = cronProblem(expression);
  if (bad) return { ok: false, problem: { field: "expression", message: bad } };
  const zoneBad = zoneProblem(timeZone);
  if (zoneBad) return { ok: false, problem: { field: "timeZone", message: zoneBad } };
  return { ok: true, spec: schedule(expression, timeZone) };
}

/** Parsed schedules by expression and zone: a spec is immutable, and the tick plans thousands a minute. */
const specs = new Map<string, CronSpec>();
const SPECS_KEPT = 5_000;

/** A schedule from a stored (already validated) expression and zone; throws on a bad one. */
export function schedule(expression: string, timeZone: string): CronSpec {
  const key = `${expression}\u0000${timeZone}`;
  const known = specs.get(key);
  if (known) return known;
  const spec = parse(expression, timeZone);
  if (specs.size >= SPECS_KEPT) specs.clear();
  specs.set(key, spec);
  return spec;
}

function parse(expression: string, timeZone: string): CronSpec {
  const normalised = expression.trim().replace(/\s+/g, " ");
  const fields = fieldsOf(normalised);
  const zone = canonicalZone(timeZone);
  if (typeof fields === "string") throw new Error(`not a schedule expression: ${normalised}`);
  if (!zone) throw new Error(`not a time zone: ${timeZone}`);
  return { expression: normalised, timeZone: zone, fields, wallCron: wallCron(fields.join(" ")) };
}

/** Every fire strictly after `after`, in order (endless for an endless schedule). */
export function* firesAfter(spec: CronSpec, after: Date): Generator<Fire> {
  const zone = spec.timeZone;
  const from = after.getTime();
  // Wall times before wall(after) fire at or before `after` (the mapping never goes back).
  let cursor = wallOf(from, zone);
  let last = Number.NEGATIVE_INFINITY;
  for (;;) {
    const next = spec.wallCron.nextRun(new Date(cursor));
    if (!next) return;
    cursor = next.getTime();
    const { at, shift } = instantOf(cursor, zone);
    // A repeated wall time's first pass may lie behind `after`; the wall times of a gap are one fire.
    if (at <= from || at === last) continue;
    last = at;
    yield { at: new Date(at), wall: wallText(cursor), shift };
  }
}

/** Every fire at or before `atOrBefore`, newest first. */
export function* firesAtOrBefore(spec: CronSpec, atOrBefore: Date): Generator<Fire> {
  const zone = spec.timeZone;
  const until = atOrBefore.getTime();
  // In the second pass of a repeated hour, wall times ahead of wall(until) fired before it
  // (their first pass): start as far ahead as the clocks went back within the last day.
  const back = Math.max(0, offsetAt(zone, until - DAY_MS) - offsetAt(zone, until));
  let cursor = wallOf(until, zone) + back + 1000;
  let held: Fire | null = null;
  for (;;) {
    const prev = spec.wallCron.previousRuns(1, new Date(cursor))[0];
    if (!prev) break;
    cursor = prev.getTime();
    const { at, shift } = instantOf(cursor, zone);
    if (at > until) continue;
    if (held && held.at.getTime() === at) {
      // Same instant (one gap): it is named after its first wall time, as firesAfter names it.
      held = { at: held.at, wall: wallText(cursor), shift };
      continue;
    }
    if (held) yield held;
    held = { at: new Date(at), wall: wallText(cursor), shift };
  }
  if (held) yield held;
}

function take<T>(items: Iterable<T>, n: number): T[] {
  const out: T[] = [];
  if (n <= 0) return out;
  for (const item of items) {
    out.push(item);
    if (out.length >= n) break;
  }
  return out;
}

/** The next `n` fires strictly after `after`. */
export function nextFires(spec: CronSpec, after: Date, n: number): Fire[] {
  return take(firesAfter(spec, after), n);
}

/** The last `n` fires at or before `atOrBefore`, newest first. */
export function previousFires(spec: CronSpec, atOrBefore: Date, n: number): Fire[] {
  return take(firesAtOrBefore(spec, atOrBefore), n);
}
