import "server-only";
// The queue loop and claims: the background loop, `drain` (independent worker slots taking the
// due items, grouped by run), claiming items in memory, one lock per run, and handing each item
// to what handles its kind (a call, a step, a timer, a cron tick).
import { and, asc, eq, inArray, isNotNull, lte, sql } from "drizzle-orm";
import { inngestQueue, inngestRuns } from "@/db/schema/inngest";
import { type Ctx, nextWake, type QueueItem, type RunStatus, TERMINAL } from "./context";
import { tryAcquireLease } from "./lease";
import { finishRun, fireTimer } from "./ops";
import { enqueueDiscover, loadState } from "./persistence";
import { fireCron } from "./registry";
import { discover, runStep } from "./wire";

/** Most runs a worker takes at a time when there is more work than workers (see `startFresh`). */
const CLAIM = 4;

function version(item: QueueItem): string {
  return `${item.id}:${item.attempt}:${item.fireAt?.getTime() ?? ""}`;
}

/** The background loop (real clock): keep or take the lease, drain, sleep until a wake, a timer or a poll. */
export async function loop(ctx: Ctx): Promise<void> {
  while (ctx.running) {
    const seen = ctx.wakes;
    try {
      if (!ctx.leader) await tryAcquireLease(ctx);
      if (ctx.leader) await drain(ctx);
    } catch (error) {
      ctx.log.error("executor loop failed", error);
    }
    if (!ctx.running) break;
    if (ctx.wakes !== seen) continue;
    let wait = ctx.pollMs;
    if (ctx.leader) {
      const next = await nextFireAt(ctx).catch(() => null);
      if (next !== null) wait = Math.max(0, Math.min(ctx.pollMs, next - ctx.clock.now()));
    }
    if (wait === 0 || ctx.wakes !== seen) continue;
    await nextWake(ctx, wait);
  }
}

/** The earliest pending timer (ms), or null. */
export async function nextFireAt(ctx: Ctx): Promise<number | null> {
  const [row] = await ctx.db
    .select({ at: sql<Date | string | null>`min(${inngestQueue.fireAt})` })
    .from(inngestQueue)
    .where(eq(inngestQueue.appId, ctx.appId));
  return row?.at ? new Date(row.at).getTime() : null;
}

/** Processes everything due now (and what that makes due now) until nothing is left. */
export function drain(ctx: Ctx): Promise<void> {
  if (!ctx.draining) {
    ctx.draining = drainOnce(ctx).finally(() => {
      ctx.draining = null;
    });
    return ctx.draining;
  }
  // Already draining: wait for it, then make sure work that arrived meanwhile is handled.
  return ctx.draining.then(() => drain(ctx));
}

async function drainOnce(ctx: Ctx): Promise<void> {
  if (!ctx.leader) return;
  const limit = ctx.concurrency;
  const poll = ctx.clock.manual ? null : ctx.pollMs;
  // Independent worker slots: each takes a few runs and works through them. A slot is refilled
  // as soon as it frees, and new work is looked for whenever a slot frees, something arrives or
  // (real clock) a poll passes, so a long or stuck step holds its own slot only.
  const active = new Set<Promise<void>>();
  let backlog: QueueItem[][] = [];
  let look = true;
  let seen = ctx.wakes;
  for (;;) {
    const taking = ctx.leader && !ctx.stopped;
    if (!taking) backlog = [];
    if (taking && look && !backlog.length && active.size < limit) {
      look = false;
      seen = ctx.wakes;
      backlog = await dueGroups(ctx);
    }
    while (backlog.length && active.size < limit) {
      // With more work than workers, each takes a few runs at a time: the ones this executor
      // just created are marked running together, one statement instead of one each.
      const claim = Math.max(1, Math.min(CLAIM, Math.floor(backlog.length / limit)));
      const claimed = backlog.splice(0, claim);
      for (const item of claimed.flat()) ctx.dispatched.add(version(item));
      const slot: Promise<void> = work(ctx, claimed).finally(() => {
        for (const item of claimed.flat()) ctx.dispatched.delete(version(item));
        active.delete(slot);
      });
      active.add(slot);
    }
    if (!active.size && !backlog.length) {
      if (!taking || (!look && seen === ctx.wakes)) return;
      look = true;
      continue;
    }
    const waits: Promise<unknown>[] = [...active];
    if (taking && active.size < limit) waits.push(nextWake(ctx, poll));
    await Promise.race(waits);
    look = true;
    if (ctx.done.size > 100_000) ctx.done.clear();
  }
}

/** Due queue items nobody is handling, grouped by run (cron ticks by their key). */
async function dueGroups(ctx: Ctx): Promise<QueueItem[][]> {
  const now = new Date(ctx.clock.now());
  const due = await ctx.db
    .select()
    .from(inngestQueue)
    .where(and(eq(inngestQueue.appId, ctx.appId), isNotNull(inngestQueue.fireAt), lte(inngestQueue.fireAt, now)))
    .orderBy(asc(inngestQueue.fireAt), asc(inngestQueue.id))
    .limit(200);
  const groups = new Map<string, QueueItem[]>();
  for (const item of due) {
    const v = version(item);
    if (ctx.inflight.has(v) || ctx.done.has(v) || ctx.dispatched.has(v)) continue;
    const key = item.runId ?? item.key;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return [...groups.values()];
}

/** One worker slot: the claimed runs, one after the other. A failure is retried later. */
async function work(ctx: Ctx, claimed: QueueItem[][]): Promise<void> {
  await startFresh(ctx, claimed).catch((error) => ctx.log.warn("marking runs running failed", error));
  for (const group of claimed) {
    try {
      await processGroup(ctx, group);
    } catch (error) {
      ctx.log.error("processing failed; retrying later", error);
      await ctx.db
        .update(inngestQueue)
        .set({ fireAt: new Date(ctx.clock.now() + 5000) })
        .where(
          inArray(
            inngestQueue.id,
            group.map((g) => g.id),
          ),
        )
        .catch(() => {});
    }
  }
}

/**
 * Marks the runs among `groups` that this executor just created (one queued item each) as
 * running, in one statement, before their first calls. One still live gets its run updated in
 * the `fresh` map, so its first call skips that statement; one ended meanwhile (cancelled) is
 * taken out of it, so its call reads the run, sees it ended and drops the item.
 */
async function startFresh(ctx: Ctx, groups: QueueItem[][]): Promise<void> {
  const items = groups.flatMap((g) =>
    g.length === 1 && ctx.fresh.get((g[0] as QueueItem).id)?.status === "queued" ? g : [],
  );
  if (items.length < 2) return; // one alone: its first call marks it as before
  const now = new Date(ctx.clock.now());
  const ids = items.map((i) => i.runId as string);
  const live = await ctx.db
    .update(inngestRuns)
    .set({ status: "running", startedAt: now })
    .where(and(inArray(inngestRuns.id, ids), eq(inngestRuns.status, "queued")))
    .returning({ id: inngestRuns.id });
  const started = new Set(live.map((r) => r.id));
  for (const item of items) {
    const run = ctx.fresh.get(item.id);
    if (!run) continue;
    if (started.has(run.id)) ctx.fresh.set(item.id, { ...run, status: "running", startedAt: now });
    else ctx.fresh.delete(item.id);
  }
}

function withRunLock<T>(ctx: Ctx, runId: string, fn: () => Promise<T>): Promise<T> {
  const prev = ctx.runLocks.get(runId) ?? Promise.resolve();
  const next = prev.then(fn, fn);
  const tail = next.catch(() => {});
  ctx.runLocks.set(runId, tail);
  void tail.then(() => {
    if (ctx.runLocks.get(runId) === tail) ctx.runLocks.delete(runId);
  });
  return next;
}

function claim(ctx: Ctx, items: QueueItem[]): QueueItem[] {
  const mine = items.filter((i) => !ctx.inflight.has(version(i)) && !ctx.done.has(version(i)));
  for (const i of mine) ctx.inflight.add(version(i));
  return mine;
}

/**
 * Lets go of claimed items. Handled ones are remembered as done (a poll that read them before
 * they were deleted must not run them again); ones whose handling failed are not, so they are
 * taken up again when due — even when the database could not record the failure either.
 */
function release(ctx: Ctx, items: QueueItem[], handled = true): void {
  for (const i of items) {
    ctx.inflight.delete(version(i));
    if (handled) ctx.done.add(version(i));
  }
}

async function processGroup(ctx: Ctx, items: QueueItem[]): Promise<void> {
  const first = items[0] as QueueItem;
  if (!first.runId) {
    const mine = claim(ctx, items);
    try {
      for (const item of mine) if (item.kind === "cron") await fireCron(ctx, item);
    } catch (error) {
      release(ctx, mine, false);
      throw error;
    }
    release(ctx, mine);
    return;
  }
  await withRunLock(ctx, first.runId, async () => {
    let batch = claim(ctx, items);
    try {
      while (batch.length) {
        const next = await processRunItems(ctx, first.runId as string, batch);
        release(ctx, batch);
        batch = next ? claim(ctx, [next]) : [];
        if (next && !batch.length) ctx.carried.delete(next.id);
      }
    } finally {
      release(ctx, batch, false); // what is left was not handled (an error interrupted it)
    }
  });
}

/** Handles the due items of one run (under its lock); returns a discover item to run right away. */
async function processRunItems(ctx: Ctx, runId: string, items: QueueItem[]): Promise<QueueItem | null> {
  const first = items[0] as QueueItem;
  const created = items.length === 1 ? ctx.fresh.get(first.id) : undefined;
  const known = items.length === 1 ? (ctx.carried.get(first.id) ?? created) : undefined;
  for (const i of items) ctx.fresh.delete(i.id);
  if (known) ctx.carried.delete(first.id);
  const [run] = known ? [known] : await ctx.db.select().from(inngestRuns).where(eq(inngestRuns.id, runId));
  if (!run || TERMINAL.includes(run.status as RunStatus)) {
    await ctx.db.delete(inngestQueue).where(
      inArray(
        inngestQueue.id,
        items.map((i) => i.id),
      ),
    );
    return null;
  }
  const fn = ctx.configs.get(run.functionId);
  if (!fn) {
    const error = {
      name: "FunctionNotFound",
      message: `Function "${run.functionId}" is not in the last sync of app "${ctx.appId}"`,
    };
    await ctx.db.transaction((tx) => finishRun(ctx, tx, runId, "failed", { error }, ctx.clock.now()));
    return null;
  }
  const steps = items.filter((i) => i.kind === "step");
  const timers = items.filter((i) => i.kind === "sleep" || i.kind === "wait" || i.kind === "invoke");
  const discovers = items.filter((i) => i.kind === "discover");
  let progressed = false;
  if (steps.length) {
    // Parallel branches: all planned steps of the run at once, against one snapshot of its state.
    const state = await loadState(ctx, run.id);
    await Promise.all(steps.map((item) => runStep(ctx, run, fn, item, state)));
    progressed = true;
  }
  for (const item of timers) {
    await ctx.db.transaction((tx) => fireTimer(ctx, tx, item));
    progressed = true;
  }
  for (const item of discovers) {
    return discover(ctx, run, fn, item, created !== undefined);
  }
  if (progressed) return enqueueDiscover(ctx, ctx.db, run.id, run.tenantId);
  return null;
}
