import "server-only";
import { eq, sql } from "drizzle-orm";
import { jobSchedules } from "@/db/schema";
import type { Tx } from "@/db/tenant";
import { withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { clock } from "@/lib/clock";
import { SafeError } from "@/lib/errors";
import { type Actor, requirePermission } from "@/lib/tenants/actor";
import { nextFireAt } from "./next-fire";

async function lockSchedule(tx: Tx, id: string) {
  const [row] = await tx.select().from(jobSchedules).where(eq(jobSchedules.id, id)).for("update");
  if (!row) throw new SafeError("jobs.schedule_not_found");
  return row;
}

const state = (s: { paused: boolean; pausedUntil: Date | null; nextFireAt: Date | null }) => ({
  paused: s.paused,
  pausedUntil: s.pausedUntil?.toISOString() ?? null,
  nextFireAt: s.nextFireAt?.toISOString() ?? null,
});

/**
 * Writes a schedule's pause state (locked first; the caller checked the permission) and re-arms it from `now`: `paused` leaves it out
 * of the tick's index, `pausedUntil` keeps it armed at its first fire at or after that instant.
 */
function setPause(
  actor: Actor,
  id: string,
  pause: { paused: boolean; pausedUntil: Date | null },
  action: "job_schedule.pause" | "job_schedule.resume",
  now: Date,
) {
  return withTenant(actor, async (tx) => {
    const before = await lockSchedule(tx, id);
    const [row] = await tx
      .update(jobSchedules)
      .set({
        ...pause,
        nextFireAt: nextFireAt({ ...before, pausedUntil: pause.pausedUntil }, now),
        updatedBy: actor.userId,
        updatedAt: sql`now()`,
      })
      .where(eq(jobSchedules.id, before.id))
      .returning();
    if (!row) throw new Error("schedule write returned nothing");
    await audit(tx, { action, targetType: "job_schedule", targetId: row.id, before: state(before), after: state(row) });
    return { id: row.id, ...state(row) };
  });
}

/**
 * Pauses a schedule: with no `until`, until resumed (`paused`, which the tick's index leaves out);
 * with `until`, it stays armed and its `next_fire_at` is its first fire at or after that instant.
 */
export async function pauseSchedule(actor: Actor, input: { id: string; until?: Date | null }, now = clock.date()) {
  requirePermission(actor, "jobs.manage");
  const until = input.until ?? null;
  if (until && until <= now) throw new SafeError("jobs.paused_until_past", { field: "until" });
  return setPause(actor, input.id, { paused: !until, pausedUntil: until }, "job_schedule.pause", now);
}

/** Resumes a schedule from now: the fires it missed while paused are not misfires, they never run. */
export async function resumeSchedule(actor: Actor, input: { id: string }, now = clock.date()) {
  requirePermission(actor, "jobs.manage");
  return setPause(actor, input.id, { paused: false, pausedUntil: null }, "job_schedule.resume", now);
}
