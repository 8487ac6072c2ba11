import "server-only";
import { eq, sql } from "drizzle-orm";
import { jobSchedules, jobs } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { clock } from "@/lib/clock";
import { SafeError } from "@/lib/errors";
import { once } from "@/lib/idempotency";
import { calendarProblem } from "@/lib/schedules/calendar";
import { parseSchedule } from "@/lib/schedules/cron";
import { misfirePolicyProblem } from "@/lib/schedules/misfire";
import { overlapPolicyProblem } from "@/lib/schedules/overlap";
import { type Actor, requirePermission } from "@/lib/tenants/actor";
import type { TSaveSchedule } from "@/lib/validation/jobs";
import { nextFireAt } from "./next-fire";

type ScheduleShape = {
  cron: string;
  timeZone: string;
  misfirePolicy: string;
  overlapPolicy: string;
  enabled: boolean;
  pausedUntil: Date | null;
};
const shown = (s: ScheduleShape) => ({
  cron: s.cron,
  timeZone: s.timeZone,
  misfire: s.misfirePolicy,
  overlap: s.overlapPolicy,
  enabled: s.enabled,
  pausedUntil: s.pausedUntil?.toISOString() ?? null,
});

/**
 * Creates or edits a schedule of a job: the expression and zone are checked by lib/schedules (the
 * refusal names its field, nothing is written), stored normalised (the zone canonical), and
 * `next_fire_at` is computed from now in the schedule's zone by its DST rules and calendar. An
 * edit re-arms from now. A repeat of the form's idempotency key returns the first save.
 */
export async function saveSchedule(actor: Actor, input: Omit<TSaveSchedule, "tenant">, now = clock.date()) {
  requirePermission(actor, "jobs.manage");
  const parsed = parseSchedule(input.cron, input.timeZone);
  if (!parsed.ok) {
    throw new SafeError(parsed.problem.message, {
      field: parsed.problem.field === "expression" ? "cron" : "timeZone",
    });
  }
  const problems: [string | null, string][] = [
    [calendarProblem(input.calendar), "calendar"],
    [misfirePolicyProblem(input.misfire), "misfire"],
    [overlapPolicyProblem(input.overlap), "overlap"],
  ];
  for (const [problem, field] of problems) if (problem) throw new SafeError(problem, { field });
  const values = {
    cron: parsed.spec.expression,
    timeZone: parsed.spec.timeZone,
    misfirePolicy: input.misfire.kind,
    misfireCap: input.misfire.kind === "fire_all" ? (input.misfire.cap ?? null) : null,
    overlapPolicy: input.overlap.kind,
    overlapLimit: input.overlap.kind === "allow_n" ? input.overlap.limit : null,
    calendar: input.calendar,
    enabled: input.enabled,
    pausedUntil: input.pausedUntil,
  };
  const next = nextFireAt(values, now);
  return withTenant(
    actor,
    async (tx) =>
      (
        await once(tx, "job_schedule.save", input, async () => {
          const [job] = await tx.select({ id: jobs.id }).from(jobs).where(eq(jobs.id, input.jobId));
          if (!job) throw new SafeError("jobs.job_not_found");
          const [before] = input.id
            ? await tx.select().from(jobSchedules).where(eq(jobSchedules.id, input.id)).for("update")
            : [];
          if (input.id && (!before || before.jobId !== job.id)) throw new SafeError("jobs.schedule_not_found");
          const [row] = before
            ? await tx
                .update(jobSchedules)
                .set({ ...values, nextFireAt: next, updatedBy: actor.userId, updatedAt: sql`now()` })
                .where(eq(jobSchedules.id, before.id))
                .returning()
            : await tx
                .insert(jobSchedules)
                .values({
                  ...values,
                  jobId: job.id,
                  nextFireAt: next,
                  createdBy: actor.userId,
                  updatedBy: actor.userId,
                })
                .returning();
          if (!row) throw new Error("schedule write returned nothing");
          await audit(tx, {
            action: before ? "job_schedule.update" : "job_schedule.create",
            targetType: "job_schedule",
            targetId: row.id,
            before: before ? shown(before) : null,
            after: shown(row),
          });
          return { id: row.id, nextFireAt: row.nextFireAt?.toISOString() ?? null };
        })
      ).result,
  );
}
