/**
 * The "next runs" preview of a schedule (no server imports: the job form shows it while the
 * expression is typed, the job page on the server): the next fires that run, each as its instant
 * and as wall times in the job's zone and the viewer's (`dateTime` of lib/format.ts, with the
 * zone's short name), and the calendar's skips met on the way.
 *
 * `dst` marks a fire near a DST change of the job's zone:
 * - "shifted": its wall time does not exist that day, so it fires at the first valid instant
 *   after the gap (rule 2 of ./cron.ts);
 * - "repeated": its wall time occurs twice that day, and it fires at the first only (rule 3);
 * - "change_day": the clocks change on the fire's day, though not over its wall time.
 * The label texts are `jobs.dst.*`.
 */
import { dateTime } from "@/lib/format";
import { type Calendar, EMPTY_CALENDAR, slotsAfter } from "./calendar";
import type { CronSpec } from "./cron";
import type { SkipReason } from "./reasons";
import { clocksChangeOn } from "./zone";

export const PREVIEW_COUNT = 5;
/** Slots looked at before giving up (a calendar that excludes almost every fire). */
const SCAN_MAX = 1_000;

export type DstMark = "shifted" | "repeated" | "change_day";

export type PreviewFire = {
  /** The instant, ISO 8601 in UTC. */
  at: string;
  /** "2027-03-14 03:00 EDT": the wall time in the job's zone. */
  jobTime: string;
  /** The wall time in the viewer's zone. */
  viewerTime: string;
  /** The wall time the expression matched ("2027-03-14T02:30"), before any DST shift. */
  wall: string;
  dst: DstMark | null;
  /** Added by an included date of the calendar (a make-up working day). */
  makeUp: boolean;
};

export type PreviewSkip = { at: string; jobTime: string; viewerTime: string; reason: SkipReason };

export function previewFires(input: {
  spec: CronSpec;
  calendar?: Calendar;
  viewerZone: string;
  now: Date;
  count?: number;
}): { fires: PreviewFire[]; skipped: PreviewSkip[] } {
  const { spec, viewerZone, now } = input;
  const count = input.count ?? PREVIEW_COUNT;
  const zone = spec.timeZone;
  const fires: PreviewFire[] = [];
  const skipped: PreviewSkip[] = [];
  let seen = 0;
  for (const slot of slotsAfter(spec, input.calendar ?? EMPTY_CALENDAR, now)) {
    if (fires.length >= count || ++seen > SCAN_MAX) break;
    const times = {
      at: slot.at.toISOString(),
      jobTime: dateTime(slot.at, zone),
      viewerTime: dateTime(slot.at, viewerZone),
    };
    if (slot.skip) {
      skipped.push({ ...times, reason: slot.skip });
      continue;
    }
    const dst: DstMark | null =
      slot.shift === "gap"
        ? "shifted"
        : slot.shift === "repeat"
          ? "repeated"
          : clocksChangeOn(slot.wall.slice(0, 10), zone)
            ? "change_day"
            : null;
    if (fires.push({ ...times, wall: slot.wall, dst, makeUp: slot.makeUp }) >= count) break;
  }
  return { fires, skipped };
}
