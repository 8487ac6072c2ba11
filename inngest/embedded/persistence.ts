import "server-only";
// The executor's row reads and writes: events, runs, queue items and step rows (the hot paths'
// one-statement writes included). No decisions here: the op state machine (ops.ts), the wire
// (wire.ts) and the events (events.ts) decide what to write.
import { and, eq, notInArray, sql } from "drizzle-orm";
import { inngestEvents, inngestQueue, inngestRuns, inngestSteps } from "@/db/schema/inngest";
import { type FunctionConfig, maxAttempts } from "./config";
import {
  type Ctx,
  type EventPayload,
  type Exec,
  FINAL_STEP,
  type Op,
  type QueueItem,
  type Run,
  type RunStatus,
  rowsOf,
  type State,
  TERMINAL,
  type Tx,
  tenantOf,
} from "./context";
import { ulid } from "./ids";
import { retryDelay } from "./time";

/** A run and its first queue item, to be written together. */
export type RunRows = { run: typeof inngestRuns.$inferInsert; queue: typeof inngestQueue.$inferInsert };

/** The queue key of a run's item: its discover call, or the timer/step item of one of its steps. */
export function queueKey(runId: string, stepId: string): string {
  return `run:${runId}:${stepId}`;
}

/** The run `runId`, if it has not ended. */
export function liveRun(runId: string) {
  return and(eq(inngestRuns.id, runId), notInArray(inngestRuns.status, TERMINAL));
}

/**
 * Stores events received at `receivedAt` (an id stored before is skipped) and returns the ids
 * stored now. Each row's tenant is `tenantId` when given, else the event's own (`tenantOf`).
 */
export async function insertEvents(
  ctx: Ctx,
  ex: Exec,
  events: EventPayload[],
  receivedAt: number,
  tenantId?: string | null,
): Promise<Set<string>> {
  const inserted = await ex
    .insert(inngestEvents)
    .values(
      events.map((e) => ({
        appId: ctx.appId,
        id: e.id,
        name: e.name,
        data: e,
        ts: e.ts,
        tenantId: tenantId === undefined ? tenantOf(e) : tenantId,
        receivedAt: new Date(receivedAt),
      })),
    )
    .onConflictDoNothing()
    .returning({ id: inngestEvents.id });
  return new Set(inserted.map((r) => r.id));
}

/** The run row and its first queue item (a discover call, due now). */
export function runRows(
  ctx: Ctx,
  fn: FunctionConfig,
  event: EventPayload,
  now: number,
  extra: Partial<typeof inngestRuns.$inferInsert> = {},
): RunRows {
  const id = ulid(now);
  const tenantId = tenantOf(event);
  return {
    run: {
      id,
      appId: ctx.appId,
      functionId: fn.id,
      functionName: fn.name ?? fn.id,
      tenantId,
      status: "queued",
      eventId: event.id,
      eventName: event.name,
      event,
      maxAttempts: maxAttempts(fn),
      createdAt: new Date(now),
      ...extra,
    },
    queue: {
      appId: ctx.appId,
      key: queueKey(id, "discover"),
      kind: "discover",
      runId: id,
      fireAt: new Date(now),
      tenantId: extra.tenantId ?? tenantId,
    },
  };
}

/** Writes runs and their first items; returns each first item's id with its run as stored. */
export async function insertRuns(ex: Exec, rows: RunRows[]): Promise<[number, Run][]> {
  if (rows.length === 0) return [];
  const runs = await ex
    .insert(inngestRuns)
    .values(rows.map((r) => r.run))
    .returning();
  const items = await ex
    .insert(inngestQueue)
    .values(rows.map((r) => r.queue))
    .returning({ id: inngestQueue.id, runId: inngestQueue.runId });
  const byId = new Map(runs.map((r) => [r.id, r]));
  return items.flatMap((i) => {
    const run = i.runId ? byId.get(i.runId) : undefined;
    return run ? [[i.id, run] as [number, Run]] : [];
  });
}

/** Creates one run of `fn` for `event`; returns its id. */
export async function createRun(
  ctx: Ctx,
  ex: Exec,
  fn: FunctionConfig,
  event: EventPayload,
  now: number,
  extra: Partial<typeof inngestRuns.$inferInsert> = {},
): Promise<string> {
  const rows = runRows(ctx, fn, event, now, extra);
  await insertRuns(ex, [rows]);
  return rows.run.id;
}

/** Queues the run's next call (once); returns the item when it is due now. */
export async function enqueueDiscover(
  ctx: Ctx,
  ex: Exec,
  runId: string,
  tenantId: string | null,
  attempt = 0,
  at = ctx.clock.now(),
): Promise<QueueItem | null> {
  const [item] = await ex
    .insert(inngestQueue)
    .values({
      appId: ctx.appId,
      key: queueKey(runId, "discover"),
      kind: "discover",
      runId,
      attempt,
      fireAt: new Date(at),
      tenantId,
    })
    .onConflictDoNothing()
    .returning();
  return item && at <= ctx.clock.now() ? item : null;
}

/** Queues the item of one step of a run (a step request, a sleep, a wait, an invoke), once. */
export async function enqueueRunItem(
  ctx: Ctx,
  ex: Exec,
  run: Run,
  stepId: string,
  kind: string,
  v: { attempt?: number; fireAt: number | null; eventName?: string; data?: unknown },
): Promise<void> {
  await ex
    .insert(inngestQueue)
    .values({
      appId: ctx.appId,
      key: queueKey(run.id, stepId),
      kind,
      runId: run.id,
      stepId,
      attempt: v.attempt ?? 0,
      fireAt: v.fireAt === null ? null : new Date(v.fireAt),
      eventName: v.eventName ?? null,
      data: v.data ?? null,
      tenantId: run.tenantId,
    })
    .onConflictDoNothing();
}

export async function dropItem(ex: Exec, itemId: number): Promise<void> {
  await ex.delete(inngestQueue).where(eq(inngestQueue.id, itemId));
}

/** Moves an item to its retry `attempt`, after the backoff (or the answer's `Retry-After`). */
export async function scheduleRetry(
  ex: Exec,
  itemId: number,
  attempt: number,
  retryAfter: string | null,
  now: number,
): Promise<void> {
  await ex
    .update(inngestQueue)
    .set({ attempt, fireAt: new Date(now + retryDelay(attempt, retryAfter, now)) })
    .where(eq(inngestQueue.id, itemId));
}

export async function stepIsFinal(ex: Exec, runId: string, stepId: string): Promise<boolean> {
  const [row] = await ex
    .select({ status: inngestSteps.status })
    .from(inngestSteps)
    .where(and(eq(inngestSteps.runId, runId), eq(inngestSteps.id, stepId)));
  return !!row && FINAL_STEP.includes(row.status);
}

/**
 * Writes a step row. A final row (completed/failed) is never overwritten, so a late duplicate
 * (a timeout racing a matching event, a retried request) cannot change a stored result.
 */
export async function storeStep(
  ex: Exec,
  run: Pick<Run, "id" | "tenantId">,
  stepId: string,
  v: { name: string; op: string; status: string; data?: unknown; error?: unknown; attempts?: number },
  now: number,
  onlyIfNew = false,
): Promise<boolean> {
  const final = FINAL_STEP.includes(v.status);
  const seq = final ? sql`(select coalesce(max(seq), 0) + 1 from inngest_steps where run_id = ${run.id})` : null;
  const values = {
    runId: run.id,
    id: stepId,
    tenantId: run.tenantId,
    name: v.name,
    op: v.op,
    status: v.status,
    attempts: v.attempts ?? 0,
    data: v.data === undefined ? null : v.data,
    error: v.error === undefined ? null : v.error,
    startedAt: new Date(now),
    endedAt: final ? new Date(now) : null,
    ...(seq ? { seq } : {}),
  };
  const q = ex.insert(inngestSteps).values(values as typeof inngestSteps.$inferInsert);
  const rows = onlyIfNew
    ? await q.onConflictDoNothing().returning({ id: inngestSteps.id })
    : await q
        .onConflictDoUpdate({
          target: [inngestSteps.runId, inngestSteps.id],
          set: {
            status: v.status,
            attempts: sql`greatest(${inngestSteps.attempts}, ${v.attempts ?? 0})`,
            ...(v.data !== undefined ? { data: values.data } : {}),
            ...(v.error !== undefined ? { error: values.error } : {}),
            ...(final ? { endedAt: new Date(now), seq: seq as never } : {}),
          },
          setWhere: sql`${inngestSteps.status} not in ('completed', 'failed')`,
        })
        .returning({ id: inngestSteps.id });
  return rows.length > 0;
}

/**
 * Stores a successful step result and, in the same statement, either turns this discover item
 * into the next call (a new id, so it is a new queue item; returned, to run right away) or
 * deletes this step item. Nothing is stored
 * when the run ended meanwhile (cancelled); the item is dropped then.
 */
export async function storeResultAndContinue(
  ctx: Ctx,
  run: Run,
  item: QueueItem,
  op: Op,
  kind: string,
  attempts: number,
  mode: "discover" | "step",
): Promise<QueueItem | null> {
  // Explicitly typed parameters: postgres.js cannot infer them in INSERT … SELECT.
  const now = new Date(ctx.clock.now()).toISOString();
  const name = op.displayName ?? op.name ?? op.id;
  const data = JSON.stringify(op.data ?? null);
  const result = await ctx.db.execute(sql`
    with live as (
      select id from inngest_runs where id = ${run.id} and status not in ('completed', 'failed', 'cancelled')
    ), st as (
      insert into inngest_steps (run_id, id, tenant_id, name, op, status, attempts, data, seq, started_at, ended_at)
      select ${run.id}::text, ${op.id}::text, ${run.tenantId}::uuid, ${name}::text, ${kind}::text, 'completed', ${attempts}::int,
        ${data}::jsonb, (select coalesce(max(seq), 0) + 1 from inngest_steps where run_id = ${run.id}),
        ${now}::timestamptz, ${now}::timestamptz
      from live
      on conflict (run_id, id) do update set status = 'completed', data = excluded.data, seq = excluded.seq,
        attempts = greatest(inngest_steps.attempts, excluded.attempts), ended_at = excluded.ended_at
        where inngest_steps.status not in ('completed', 'failed')
      returning 1
    ), upd as (
      update inngest_queue set id = nextval(pg_get_serial_sequence('inngest_queue', 'id')), attempt = 0, fire_at = ${now}::timestamptz
      where ${mode === "discover"}::boolean and id = ${item.id} and exists (select 1 from live)
      returning id, attempt, fire_at
    ), del as (
      delete from inngest_queue where id = ${item.id} and (${mode === "step"}::boolean or not exists (select 1 from live))
      returning id
    )
    select upd.id, upd.attempt, upd.fire_at, (select count(*) from st)::int as stored from upd`);
  const [row] = rowsOf(result) as Array<{ id: number | string; attempt: number; fire_at: Date | string }>;
  if (!row) return null;
  return { ...item, id: Number(row.id), attempt: row.attempt, fireAt: new Date(row.fire_at) };
}

/**
 * Hot path (the run returned, nobody invoked it): one statement ends it if it is still live and
 * clears its queue (a run that ended meanwhile has no other items left).
 */
export async function completeRun(ctx: Ctx, runId: string, body: unknown): Promise<void> {
  const output = body === undefined ? null : JSON.stringify(body);
  await ctx.db.execute(sql`
    with fin as (
      update inngest_runs set status = 'completed', ended_at = ${new Date(ctx.clock.now()).toISOString()}::timestamptz,
        output = ${output}::jsonb, error = null
      where id = ${runId} and status not in ('completed', 'failed', 'cancelled'))
    delete from inngest_queue where run_id = ${runId}`);
}

export async function isLive(ex: Exec, runId: string): Promise<boolean> {
  const [row] = await ex.select({ status: inngestRuns.status }).from(inngestRuns).where(eq(inngestRuns.id, runId));
  return !!row && !TERMINAL.includes(row.status as RunStatus);
}

/** The run's status from what it has queued: running, sleeping (only sleeps) or waiting. */
export async function markWaiting(tx: Tx, runId: string): Promise<void> {
  const items = await tx.select({ kind: inngestQueue.kind }).from(inngestQueue).where(eq(inngestQueue.runId, runId));
  const kinds = new Set(items.map((i) => i.kind));
  const status =
    kinds.has("step") || kinds.has("discover")
      ? "running"
      : kinds.has("sleep") && kinds.size === 1
        ? "sleeping"
        : kinds.size
          ? "waiting"
          : "running";
  await tx.update(inngestRuns).set({ status }).where(liveRun(runId));
}

/** Memoized step state (completion order) and the number of other queue items of the run, in one query. */
export async function loadState(ctx: Ctx, runId: string, exceptItemId = -1): Promise<State> {
  const result = await ctx.db.execute(sql`
    select p.pending, s.id, s.status, s.data, s.error
    from (select count(*)::int as pending from inngest_queue where run_id = ${runId} and id <> ${exceptItemId}) p
    left join inngest_steps s on s.run_id = ${runId} and s.status in ('completed', 'failed')
    order by s.seq`);
  const rows = rowsOf(result) as Array<{
    pending: number;
    id: string | null;
    status: string | null;
    data: unknown;
    error: unknown;
  }>;
  const steps: Record<string, unknown> = {};
  const stack: string[] = [];
  for (const r of rows) {
    if (!r.id) continue;
    steps[r.id] =
      r.status === "completed" ? { type: "data", data: r.data ?? null } : { type: "error", error: r.error ?? {} };
    stack.push(r.id);
  }
  return { steps, stack, pending: Number(rows[0]?.pending ?? 0) };
}
