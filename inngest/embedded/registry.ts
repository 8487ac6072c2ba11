import "server-only";
// The function registry and cron: the sync (the SDK's `POST /fn/register`, refusing configs the
// executor does not implement), which functions an event triggers, and the cron ticks.
import { and, eq, notInArray } from "drizzle-orm";
import { inngestFunctions, inngestQueue } from "@/db/schema/inngest";
import { cronSchedule, type FunctionConfig, type RegisterBody, validateFunctionConfigs } from "./config";
import { type Ctx, type EventPayload, type QueueItem, wake } from "./context";
import { matches } from "./expressions";
import { ulid } from "./ids";
import { createRun, insertEvents } from "./persistence";
import { hashedSigningKey } from "./transport";

/** Runs the normal sync: a PUT on the functions' handler, which registers via `POST /fn/register`. */
export async function sync(ctx: Ctx): Promise<void> {
  ctx.syncError = null;
  const res = await ctx.handler({ method: "PUT", url: new URL(ctx.serveUrl) });
  if (ctx.syncError) throw ctx.syncError;
  if (res.status !== 200) throw new Error(`Inngest sync failed (${res.status}): ${res.body}`);
}

/** `POST /fn/register`: stores the functions and their cron schedules, and keeps their configs. */
export async function register(
  ctx: Ctx,
  signingKey: string,
  authorization: string | null,
  body: unknown,
): Promise<{ status: number; body: unknown }> {
  if (authorization !== `Bearer ${hashedSigningKey(signingKey)}`) {
    return { status: 401, body: { status: 401, error: "Unauthorized" } };
  }
  const reg = body as RegisterBody;
  try {
    if (reg.appName !== ctx.appId)
      throw new Error(`Sync from app "${reg.appName}" but this executor serves "${ctx.appId}"`);
    validateFunctionConfigs(reg.functions);
  } catch (error) {
    ctx.syncError = error as Error;
    return { status: 400, body: { status: 400, error: (error as Error).message } };
  }
  const now = new Date(ctx.clock.now());
  await ctx.db.transaction(async (tx) => {
    await tx.delete(inngestFunctions).where(eq(inngestFunctions.appId, ctx.appId));
    if (reg.functions.length) {
      await tx.insert(inngestFunctions).values(
        reg.functions.map((f) => ({
          appId: ctx.appId,
          id: f.id,
          name: f.name ?? f.id,
          config: f,
          url: Object.values(f.steps)[0]?.runtime.url ?? reg.url,
          syncedAt: now,
        })),
      );
    }
    // Cron schedules: keep existing ticks (restarts), add new ones, drop removed ones.
    const keys: string[] = [];
    for (const f of reg.functions) {
      for (const t of f.triggers) {
        if (!t.cron) continue;
        const key = `cron:${f.id}:${t.cron}`;
        keys.push(key);
        const next = cronSchedule(t.cron).nextRun(now);
        if (!next) continue;
        await tx
          .insert(inngestQueue)
          .values({ appId: ctx.appId, key, kind: "cron", fireAt: next, data: { functionId: f.id, cron: t.cron } })
          .onConflictDoNothing();
      }
    }
    await tx
      .delete(inngestQueue)
      .where(
        and(
          eq(inngestQueue.appId, ctx.appId),
          eq(inngestQueue.kind, "cron"),
          keys.length ? notInArray(inngestQueue.key, keys) : undefined,
        ),
      );
  });
  ctx.configs = new Map(reg.functions.map((f) => [f.id, f]));
  wake(ctx);
  return { status: 200, body: { status: 200, modified: true } };
}

/** An event trigger or `cancelOn` names this event: exactly, or by a `prefix/*` wildcard. */
export function eventNameMatches(trigger: string, name: string): boolean {
  if (trigger === name) return true;
  return trigger.endsWith("*") && name.startsWith(trigger.slice(0, -1));
}

/** The functions `event` starts a run of: an event trigger of theirs names it and its `if` holds. */
export function triggeredBy(ctx: Ctx, event: EventPayload): FunctionConfig[] {
  const hit: FunctionConfig[] = [];
  for (const fn of ctx.configs.values()) {
    const trigger = fn.triggers.find(
      (t) => t.event && eventNameMatches(t.event, event.name) && matches(t.expression, { event }),
    );
    if (trigger) hit.push(fn);
  }
  return hit;
}

/** A cron item is due: one run per missed tick (at most 60), then the item moves to the next tick. */
export async function fireCron(ctx: Ctx, item: QueueItem): Promise<void> {
  const { functionId, cron } = item.data as { functionId: string; cron: string };
  const fn = ctx.configs.get(functionId);
  const schedule = cronSchedule(cron);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    let tick = item.fireAt as Date;
    let fired = 0;
    while (tick.getTime() <= now && fired < 60) {
      if (fn) {
        const event: EventPayload = {
          id: ulid(tick.getTime()),
          name: "inngest/scheduled.timer",
          data: { cron },
          ts: tick.getTime(),
        };
        await insertEvents(ctx, tx, [event], now);
        await createRun(ctx, tx, fn, event, now);
      }
      fired++;
      tick = schedule.nextRun(tick) ?? new Date(8.64e15);
    }
    if (tick.getTime() <= now) tick = schedule.nextRun(new Date(now)) ?? new Date(8.64e15);
    await tx.update(inngestQueue).set({ fireAt: tick }).where(eq(inngestQueue.id, item.id));
  });
}
