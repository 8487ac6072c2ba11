import "server-only";
// Incoming events (`POST /e/:key`, `inngest.send`, `step.sendEvent`): validated, stored, and in
// the same transaction they start the runs they trigger, resume the waits they match and cancel
// the runs they cancel.
import { and, asc, eq, notInArray } from "drizzle-orm";
import { inngestQueue, inngestRuns } from "@/db/schema/inngest";
import { type Ctx, type EventPayload, type QueueItem, type Run, TERMINAL, type Tx, wake } from "./context";
import { matches } from "./expressions";
import { ulid } from "./ids";
import { finishRun, settleStep } from "./ops";
import { insertEvents, insertRuns, type RunRows, runRows } from "./persistence";
import { eventNameMatches, triggeredBy } from "./registry";
import { type EventSchemas, validateEventPayloads } from "./schemas";
import { resolveWakeTime } from "./time";

type WaitRow = { item: QueueItem; runEvent: unknown };

/** `POST /e/:key`: checks the key and the payloads' schemas, then ingests. */
export async function receiveEvents(
  ctx: Ctx,
  eventKey: string,
  schemas: EventSchemas,
  key: string,
  body: unknown,
): Promise<{ status: number; body: unknown }> {
  if (key !== eventKey) return { status: 401, body: { status: 401, error: "Event key not found" } };
  const raw = (Array.isArray(body) ? body : [body]) as Array<Record<string, unknown>>;
  const problems = await validateEventPayloads(raw, schemas);
  if (problems.length) return { status: 400, body: { status: 400, error: problems.join("; ") } };
  const ids = await ingest(ctx, raw);
  return { status: 200, body: { status: 200, ids } };
}

/**
 * Stores events and, in the same transaction, starts the runs they trigger, resumes waits they
 * match and cancels runs they cancel. Safe to call from a standby executor: the leader picks the
 * work up from the database.
 */
export async function ingest(ctx: Ctx, raw: Array<Record<string, unknown>>): Promise<string[]> {
  const now = ctx.clock.now();
  const events: EventPayload[] = raw.map((e) => ({
    ...(e as object),
    id: typeof e.id === "string" && e.id ? e.id : ulid(now),
    name: String(e.name),
    data: (e.data && typeof e.data === "object" ? e.data : {}) as Record<string, unknown>,
    ts: typeof e.ts === "number" ? e.ts : now,
  }));
  const created = await ctx.db.transaction(async (tx) => {
    const fresh = await insertEvents(ctx, tx, events, now);
    // A batch (e.g. a fan-out's sendEvent of hundreds) starts its runs with two statements in
    // all; runs still to be written are flushed before anything could cancel them.
    const pending: RunRows[] = [];
    const created: [number, Run][] = [];
    const flush = async () => {
      created.push(...(await insertRuns(tx, pending.splice(0))));
    };
    const waits = new Map<string, WaitRow[]>();
    for (const event of events) {
      if (!fresh.has(event.id)) continue; // same event id again: already handled
      await cancelRuns(ctx, tx, event, now, flush);
      await resumeWaits(ctx, tx, event, now, waits);
      for (const fn of triggeredBy(ctx, event)) pending.push(runRows(ctx, fn, event, now));
    }
    await flush();
    return created;
  });
  if (ctx.leader && ctx.fresh.size < 50_000) for (const [itemId, run] of created) ctx.fresh.set(itemId, run);
  wake(ctx);
  return events.map((e) => e.id);
}

/** Cancels the live runs whose function's `cancelOn` matches `event` (writing pending runs first). */
async function cancelRuns(
  ctx: Ctx,
  tx: Tx,
  event: EventPayload,
  now: number,
  flush: () => Promise<void>,
): Promise<void> {
  for (const fn of ctx.configs.values()) {
    const cancels = (fn.cancel ?? []).filter((c) => eventNameMatches(c.event, event.name));
    if (!cancels.length) continue;
    await flush();
    const runs = await tx
      .select({ id: inngestRuns.id, event: inngestRuns.event, createdAt: inngestRuns.createdAt })
      .from(inngestRuns)
      .where(
        and(
          eq(inngestRuns.appId, ctx.appId),
          eq(inngestRuns.functionId, fn.id),
          notInArray(inngestRuns.status, TERMINAL),
        ),
      );
    for (const run of runs) {
      const hit = cancels.some((c) => {
        if (c.timeout) {
          const limit = resolveWakeTime(c.timeout, run.createdAt.getTime());
          if (now > limit) return false;
        }
        return matches(c.if, { event: run.event, async: event });
      });
      if (!hit) continue;
      await finishRun(
        ctx,
        tx,
        run.id,
        "cancelled",
        { error: { name: "Cancelled", message: `Cancelled by event "${event.name}" (${event.id})` } },
        now,
      );
    }
  }
}

/**
 * Resumes the waits `event` matches. `cache` holds the waits per event name for the rest of an
 * ingest batch (read once per name; a wait resumed here is taken out of it).
 */
async function resumeWaits(
  ctx: Ctx,
  tx: Tx,
  event: EventPayload,
  now: number,
  cache: Map<string, WaitRow[]>,
): Promise<void> {
  let waits = cache.get(event.name);
  if (!waits) {
    waits = await tx
      .select({ item: inngestQueue, runEvent: inngestRuns.event })
      .from(inngestQueue)
      .innerJoin(inngestRuns, eq(inngestRuns.id, inngestQueue.runId))
      .where(
        and(eq(inngestQueue.appId, ctx.appId), eq(inngestQueue.kind, "wait"), eq(inngestQueue.eventName, event.name)),
      )
      .orderBy(asc(inngestQueue.id));
    cache.set(event.name, waits);
  }
  for (const wait of [...waits]) {
    const expr = (wait.item.data as { if?: string } | null)?.if;
    if (!matches(expr, { event: wait.runEvent, async: event })) continue;
    waits.splice(waits.indexOf(wait), 1);
    await settleStep(ctx, tx, wait.item, { data: event }, now);
  }
}
