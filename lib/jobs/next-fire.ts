import "server-only";
import { type Calendar, nextSlots } from "@/lib/schedules/calendar";
import { schedule } from "@/lib/schedules/cron";

/**
 * A schedule's `next_fire_at`: its first slot strictly after `after`, or, while `pausedUntil` is
 * ahead, its first slot at or after that instant (fires during a pause are not misfires). A slot
 * the calendar skips counts: the tick logs it `skipped` with its reason. Null only for a schedule
 * that never fires again (validated expressions always do).
 */
export function nextFireAt(
  s: { cron: string; timeZone: string; calendar: Calendar; pausedUntil: Date | null },
  after: Date,
): Date | null {
  const from = s.pausedUntil && s.pausedUntil > after ? new Date(s.pausedUntil.getTime() - 1) : after;
  const [slot] = nextSlots(schedule(s.cron, s.timeZone), s.calendar, from, 1);
  return slot?.at ?? null;
}
