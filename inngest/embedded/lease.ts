import "server-only";
// Lease and lifecycle: one executor per (database, app) leads. It takes the lease (or that of a
// dead process of this host), renews it on a heartbeat, and gives it up on stop.
import { hostname } from "node:os";
import { and, eq, sql } from "drizzle-orm";
import { inngestLeases } from "@/db/schema/inngest";
import { type Ctx, rowsOf, wake } from "./context";
import { ulid } from "./ids";

/** A lease holder id: host, pid (a dead local holder is taken over at once) and a unique suffix. */
export function holderId(): string {
  return `${hostname()}:${process.pid}:${ulid()}`;
}

function expiry(ctx: Ctx) {
  return sql`now() + ${`${ctx.leaseMs} milliseconds`}::interval`;
}

/** Take (or keep) the lease of this app in this database; true when this instance holds it. */
export async function tryAcquireLease(ctx: Ctx): Promise<boolean> {
  if (ctx.stopped) return false;
  const rows = await ctx.db.execute(sql`
    insert into inngest_leases (app_id, holder, expires_at)
    values (${ctx.appId}, ${ctx.holder}, ${expiry(ctx)})
    on conflict (app_id) do update set holder = excluded.holder, expires_at = excluded.expires_at
      where inngest_leases.holder = excluded.holder or inngest_leases.expires_at < now()
    returning holder`);
  const list = rowsOf(rows) as { holder: string }[];
  const was = ctx.leader;
  ctx.leader = list.some((r) => r.holder === ctx.holder);
  if (!ctx.leader) ctx.leader = await takeOverDeadHolder(ctx);
  if (ctx.leader && !was) {
    ctx.log.info(`executor ${ctx.holder} holds the lease of app "${ctx.appId}"`);
    wake(ctx);
  }
  return ctx.leader;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The lease is held by a process of this host that no longer exists (e.g. `next dev` restarted): take it. */
async function takeOverDeadHolder(ctx: Ctx): Promise<boolean> {
  const [lease] = await ctx.db.select().from(inngestLeases).where(eq(inngestLeases.appId, ctx.appId));
  const [host, pid] = lease?.holder.split(":") ?? [];
  if (!lease || host !== hostname() || !pid || Number(pid) === process.pid || processAlive(Number(pid))) return false;
  const taken = await ctx.db
    .update(inngestLeases)
    .set({ holder: ctx.holder, expiresAt: expiry(ctx) })
    .where(and(eq(inngestLeases.appId, ctx.appId), eq(inngestLeases.holder, lease.holder)))
    .returning();
  return taken.length > 0;
}

/** Renews the lease every third of its length; `stop` waits for a renewal in flight. */
export function startHeartbeat(ctx: Ctx): { stop(): Promise<void> } {
  let renewing: Promise<void> | null = null;
  const timer = setInterval(
    () => {
      renewing ??= tryAcquireLease(ctx)
        .then(
          () => {},
          (error) => ctx.log.warn("lease renewal failed", error),
        )
        .finally(() => {
          renewing = null;
        });
    },
    Math.max(50, Math.floor(ctx.leaseMs / 3)),
  );
  timer.unref?.();
  return {
    async stop() {
      clearInterval(timer);
      // A renewal already past its `stopped` check could otherwise take the lease after this stop.
      await renewing;
    },
  };
}

/** Gives the lease up (when held), so a standby takes over at once. */
export async function releaseLease(ctx: Ctx): Promise<void> {
  await ctx.db
    .delete(inngestLeases)
    .where(and(eq(inngestLeases.appId, ctx.appId), eq(inngestLeases.holder, ctx.holder)));
}
