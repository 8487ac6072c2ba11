import "server-only";
import { and, asc, eq, inArray, lte, notInArray, sql } from "drizzle-orm";
import { database } from "@/db/client";
import { anyOf, rowsOf } from "@/db/rows";
import { jobRuns, jobSchedules, jobs } from "@/db/schema";
import { type Tx, withTenant } from "@/db/tenant";
import { clock } from "@/lib/clock";
import { dispatch, dispatched, enqueue, type Outbox } from "@/lib/events/publish";
import type { AppEvent } from "@/lib/events/registry";
import { type Slot, slotsAfter } from "@/lib/schedules/calendar";
import { schedule } from "@/lib/schedules/cron";
import { type MisfirePolicy, planMisfire } from "@/lib/schedules/misfire";
import { type OverlapPolicy, planOverlap } from "@/lib/schedules/overlap";
import { reasonText } from "@/lib/schedules/reasons";
import { cronRunId } from "./run-key";

/** Schedules claimed per tenant transaction (each claim batch is one transaction). */
export const CLAIM_BATCH = 100;
/** Due schedules read per round across tenants. */
const SCAN = 20_000;

type ScheduleRow = typeof jobSchedules.$inferSelect;
export type TickResult = { claimed: number; fired: number; skipped: number; batches: number; claimMsMax: number };

export const misfireOf = (s: ScheduleRow): MisfirePolicy =>
  s.misfirePolicy === "fire_all" ? { kind: "fire_all", cap: s.misfireCap ?? undefined } : { kind: s.misfirePolicy };
export const overlapOf = (s: ScheduleRow): OverlapPolicy =>
  s.overlapPolicy === "allow_n" ? { kind: "allow_n", limit: s.overlapLimit ?? 1 } : { kind: s.overlapPolicy };

/**
 * The scheduler's claim, run by the minute tick (inngest/functions/jobs/schedule-tick.ts). Finds
 * every tenant's due schedules (enabled, not paused, `next_fire_at` ≤ now) on the owner connection
 * (the `job_schedules_scheduler_read` policy shows it enabled schedules and nothing else), then
 * claims them through each tenant's door, `CLAIM_BATCH` at a time, `FOR UPDATE SKIP LOCKED` (a
 * second ticker, on another server or the same, takes the others or nothing). Per schedule, in that
 * one transaction:
 * - the due slots since its `next_fire_at` are planned by its misfire policy (lib/schedules/misfire.ts)
 *   and what runs by its overlap policy against its unfinished runs (lib/schedules/overlap.ts);
 * - one JobLog per (schedule, fire time) is written, `pending` (or buffered), or `skipped` with its
 *   reason (calendar, misfire, overlap), under the unique key: the run id is derived from it
 *   (./run-key.ts), so a fire written twice is a conflict that writes nothing;
 * - `next_fire_at` moves past now, so the invariant holds when the transaction commits;
 * - the `job/run.requested` events go to the outbox with the run id as event id, sent after commit
 *   (a crash in between leaves them to the relay, never lost, never doubled).
 * A disabled job's schedules move on without firing.
 */
export async function claimDueSchedules(opts: { now?: Date; tenantIds?: string[] } = {}): Promise<TickResult> {
  const now = opts.now ?? clock.date();
  const { db } = await database();
  const result: TickResult = { claimed: 0, fired: 0, skipped: 0, batches: 0, claimMsMax: 0 };
  const seen = new Set<string>();
  for (let round = 0; round < 50; round++) {
    const due = await db
      .select({ id: jobSchedules.id, tenantId: jobSchedules.tenantId })
      .from(jobSchedules)
      .where(
        and(
          eq(jobSchedules.enabled, true),
          eq(jobSchedules.paused, false),
          lte(jobSchedules.nextFireAt, now),
          opts.tenantIds ? inArray(jobSchedules.tenantId, opts.tenantIds) : undefined,
          seen.size ? notInArray(jobSchedules.id, [...seen]) : undefined,
        ),
      )
      .orderBy(asc(jobSchedules.nextFireAt))
      .limit(SCAN);
    if (due.length === 0) break;
    const byTenant = new Map<string, string[]>();
    for (const row of due) {
      seen.add(row.id);
      byTenant.set(row.tenantId, [...(byTenant.get(row.tenantId) ?? []), row.id]);
    }
    const batches: { tenantId: string; ids: string[] }[] = [];
    for (const [tenantId, ids] of byTenant)
      for (let i = 0; i < ids.length; i += CLAIM_BATCH) batches.push({ tenantId, ids: ids.slice(i, i + CLAIM_BATCH) });
    // Two tenants at once: each batch is one short transaction on its own connection (a third in
    // parallel makes each slower than the time it saves overall).
    await inParallel(batches, 2, async (batch) => {
      const started = performance.now();
      try {
        const claimed = await withTenant({ tenantId: batch.tenantId, userId: null }, (tx) =>
          claimBatch(tx, batch.tenantId, batch.ids, now),
        );
        result.claimMsMax = Math.max(result.claimMsMax, performance.now() - started);
        result.batches++;
        result.claimed += claimed.claimed;
        result.fired += claimed.fired;
        result.skipped += claimed.skipped;
        dispatch(claimed.outbox);
      } catch (error) {
        // Nothing of this batch was written (one transaction): the next tick claims it again.
        console.error(`[jobs] a claim of ${batch.ids.length} schedule(s) failed`, (error as Error).message);
      }
    });
    if (due.length < SCAN) break;
  }
  await dispatched();
  return result;
}

async function inParallel<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}

/** A fire's JobLog as the insert reads it (jsonb_to_recordset's columns). */
type RunRow = {
  id: string;
  job_id: string;
  version: number;
  schedule_id: string;
  fire_at: string;
  created_at: string;
  status: "pending" | "skipped";
  reason: string | null;
  finished_at: string | null;
  buffered: boolean;
};

async function claimBatch(
  tx: Tx,
  tenantId: string,
  ids: string[],
  now: Date,
): Promise<{ claimed: number; fired: number; skipped: number; outbox: Outbox }> {
  const rows = await tx
    .select({ schedule: jobSchedules, jobEnabled: jobs.enabled, version: jobs.currentVersion })
    .from(jobSchedules)
    .innerJoin(jobs, eq(jobs.id, jobSchedules.jobId))
    .where(
      and(
        anyOf(jobSchedules.id, ids),
        eq(jobSchedules.enabled, true),
        eq(jobSchedules.paused, false),
        lte(jobSchedules.nextFireAt, now),
      ),
    )
    .for("update", { of: jobSchedules, skipLocked: true });
  if (rows.length === 0) return { claimed: 0, fired: 0, skipped: 0, outbox: { tenantId, rows: [] } };

  const active = new Map<string, { running: number; queued: number }>();
  for (const a of await tx
    .select({ scheduleId: jobRuns.scheduleId, status: jobRuns.status, n: sql<number>`count(*)::int` })
    .from(jobRuns)
    .where(
      and(
        anyOf(
          jobRuns.scheduleId,
          rows.map((r) => r.schedule.id),
        ),
        inArray(jobRuns.status, ["pending", "running"]),
      ),
    )
    .groupBy(jobRuns.scheduleId, jobRuns.status)) {
    const counts = active.get(a.scheduleId ?? "") ?? { running: 0, queued: 0 };
    if (a.status === "running") counts.running += a.n;
    else counts.queued += a.n;
    active.set(a.scheduleId ?? "", counts);
  }

  const runs: RunRow[] = [];
  const moves: { id: string; next: Date | null; last: Date | null }[] = [];
  for (const { schedule: s, jobEnabled, version } of rows) {
    const spec = schedule(s.cron, s.timeZone);
    if (!jobEnabled) {
      const [next] = slotsAfterNow(spec, s, now);
      moves.push({ id: s.id, next: next?.at ?? null, last: null });
      continue;
    }
    const since = new Date((s.nextFireAt as Date).getTime() - 1);
    const plan = planMisfire({ spec, calendar: s.calendar, since, now, policy: misfireOf(s) });
    const run = (slot: Slot, extra: Partial<RunRow>): RunRow => ({
      id: cronRunId(s.id, slot.at),
      job_id: s.jobId,
      version,
      schedule_id: s.id,
      fire_at: slot.at.toISOString(),
      created_at: now.toISOString(),
      status: "pending",
      reason: null,
      finished_at: null,
      buffered: false,
      ...extra,
    });
    for (const { slot, reason } of plan.skipped)
      runs.push(run(slot, { status: "skipped", reason: reasonText(reason), finished_at: now.toISOString() }));
    for (const { fire, decision } of planOverlap(overlapOf(s), plan.run, active.get(s.id) ?? { running: 0, queued: 0 }))
      runs.push(
        decision.action === "skip"
          ? run(fire, { status: "skipped", reason: reasonText(decision.reason), finished_at: now.toISOString() })
          : run(fire, { status: "pending", buffered: decision.action === "buffer" }),
      );
    moves.push({ id: s.id, next: plan.nextFireAt, last: plan.run.at(-1)?.at ?? null });
  }

  // One statement whatever the count (a row each through the query builder costs more than the write).
  const written = rowsOf<{ id: string; jobId: string; status: string; buffered: boolean }>(
    await tx.execute(sql`
      insert into ${jobRuns} (id, job_id, version, schedule_id, fire_at, trigger_type, status, reason, finished_at, buffered, created_at)
      select id, job_id, version, schedule_id, fire_at, 'cron', status, reason, finished_at, buffered, created_at
        from jsonb_to_recordset(${JSON.stringify(runs)}::jsonb) as x(id uuid, job_id uuid, version int, schedule_id uuid,
             fire_at timestamptz, status text, reason text, finished_at timestamptz, buffered boolean, created_at timestamptz)
      on conflict do nothing
      returning id, job_id as "jobId", status, buffered`),
  );
  await tx.execute(sql`
    update ${jobSchedules} s
       set next_fire_at = v.next, last_fire_at = coalesce(v.last, s.last_fire_at)
      from (select * from jsonb_to_recordset(${JSON.stringify(moves)}::jsonb) as x(id uuid, next timestamptz, last timestamptz)) v
     where s.id = v.id`);
  const events: AppEvent[] = written
    .filter((r) => r.status === "pending" && !r.buffered)
    .map((r) => ({ id: r.id, name: "job/run.requested", data: { tenantId, jobId: r.jobId, runId: r.id } }));
  return {
    claimed: rows.length,
    fired: events.length,
    skipped: written.filter((r) => r.status === "skipped").length,
    outbox: await enqueue(tx, tenantId, events),
  };
}

function slotsAfterNow(spec: ReturnType<typeof schedule>, s: ScheduleRow, now: Date): Slot[] {
  const first = slotsAfter(spec, s.calendar, now).next();
  return first.done ? [] : [first.value];
}
