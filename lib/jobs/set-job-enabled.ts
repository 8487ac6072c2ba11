import "server-only";
import { and, eq, ne, sql } from "drizzle-orm";
import { jobs } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { SafeError } from "@/lib/errors";
import { type Actor, requirePermission } from "@/lib/tenants/actor";

/** Enables or disables a job (a disabled job's schedules do not fire). Setting the state it has writes nothing. */
export async function setJobEnabled(actor: Actor, input: { id: string; enabled: boolean }) {
  requirePermission(actor, "jobs.manage");
  return withTenant(actor, async (tx) => {
    const [row] = await tx
      .update(jobs)
      .set({ enabled: input.enabled, updatedBy: actor.userId, updatedAt: sql`now()` })
      .where(and(eq(jobs.id, input.id), ne(jobs.enabled, input.enabled)))
      .returning({ id: jobs.id, enabled: jobs.enabled });
    if (!row) {
      const [exists] = await tx.select({ id: jobs.id }).from(jobs).where(eq(jobs.id, input.id));
      if (!exists) throw new SafeError("jobs.job_not_found");
      return { id: input.id, enabled: input.enabled, changed: false };
    }
    await audit(tx, {
      action: input.enabled ? "job.enable" : "job.disable",
      targetType: "job",
      targetId: row.id,
      before: { enabled: !input.enabled },
      after: { enabled: input.enabled },
    });
    return { id: row.id, enabled: row.enabled, changed: true };
  });
}
