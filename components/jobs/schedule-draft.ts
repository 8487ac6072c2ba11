/**
 * The schedule form's state and how it becomes `ZSaveSchedule` input (no server imports: the
 * form, its live preview and the unit tests use it). Calendar dates are typed one a line,
 * "2027-10-01 National Day" (the name optional).
 */
import type { MISFIRE_KINDS, OVERLAP_KINDS } from "@/lib/jobs/catalog";
import type { CalendarDay } from "@/lib/schedules/calendar";

export type ScheduleDraft = {
  cron: string;
  timeZone: string;
  misfire: (typeof MISFIRE_KINDS)[number];
  misfireCap: string;
  overlap: (typeof OVERLAP_KINDS)[number];
  overlapLimit: string;
  excluded: string;
  included: string;
  enabled: boolean;
  /** `datetime-local` text in the viewer's zone; empty: no timed pause. */
  pausedUntil: string;
};

/** A schedule as stored (the job page hands these to the form and the cards). */
export type ScheduleRow = {
  id: string;
  cron: string;
  timeZone: string;
  misfirePolicy: (typeof MISFIRE_KINDS)[number];
  misfireCap: number | null;
  overlapPolicy: (typeof OVERLAP_KINDS)[number];
  overlapLimit: number | null;
  paused: boolean;
  pausedUntil: string | null;
  calendar: { excluded: CalendarDay[]; included: CalendarDay[] };
  enabled: boolean;
  nextFireAt: string | null;
  lastFireAt: string | null;
};

/** "2027-10-01 National Day" lines → days (blank lines left out; the server checks each date). */
export function parseDays(text: string): CalendarDay[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [date = "", ...name] = line.split(/\s+/);
      const rest = name.join(" ");
      return rest ? { date, name: rest } : { date };
    });
}

export const daysText = (days: readonly CalendarDay[]) =>
  days.map((d) => (d.name ? `${d.date} ${d.name}` : d.date)).join("\n");

/** `datetime-local` text ("2027-03-14T02:30") for an instant, on the viewer's clock. */
export function localInput(iso: string | null): string {
  if (!iso) return "";
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function scheduleDraftOf(row: ScheduleRow | null, viewerZone: string): ScheduleDraft {
  return {
    cron: row?.cron ?? "",
    timeZone: row?.timeZone ?? viewerZone,
    misfire: row?.misfirePolicy ?? "fire_once",
    misfireCap: String(row?.misfireCap ?? 10),
    overlap: row?.overlapPolicy ?? "skip",
    overlapLimit: String(row?.overlapLimit ?? 2),
    excluded: daysText(row?.calendar.excluded ?? []),
    included: daysText(row?.calendar.included ?? []),
    enabled: row?.enabled ?? true,
    pausedUntil: localInput(row?.pausedUntil ?? null),
  };
}

const int = (text: string) => (text.trim() === "" ? Number.NaN : Number(text));

/** The draft as `saveScheduleAction` takes it (tenant, id, jobId and idempotency key added by the form). */
export function scheduleInput(d: ScheduleDraft) {
  return {
    cron: d.cron,
    timeZone: d.timeZone.trim(),
    misfire: d.misfire === "fire_all" ? { kind: "fire_all" as const, cap: int(d.misfireCap) } : { kind: d.misfire },
    overlap: d.overlap === "allow_n" ? { kind: "allow_n" as const, limit: int(d.overlapLimit) } : { kind: d.overlap },
    calendar: { excluded: parseDays(d.excluded), included: parseDays(d.included) },
    enabled: d.enabled,
    pausedUntil: d.pausedUntil ? new Date(d.pausedUntil).toISOString() : null,
  };
}
