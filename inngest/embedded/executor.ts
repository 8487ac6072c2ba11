import { hostname } from "node:os";
import { and, asc, eq, inArray, isNotNull, lte, notInArray, sql } from "drizzle-orm";
import type { Inngest, InngestFunction } from "inngest";
import type { Db } from "@/db/client";
import {
  inngestEvents,
  inngestFunctions,
  inngestLeases,
  inngestQueue,
  inngestRuns,
  inngestSteps,
} from "@/db/schema/inngest";
import { type Clock, systemClock } from "./clock";
import { type CommHandler, type CommResponse, header, inProcessHandler } from "./comm";
import { cronSchedule, type FunctionConfig, maxAttempts, type RegisterBody, validateFunctionConfigs } from "./config";
import { matches } from "./expressions";
import { ulid } from "./ids";
import { collectEventSchemas, type EventSchemas, validateEventPayloads } from "./schemas";
import { parseDuration, resolveWakeTime, retryDelay } from "./time";
import { type EmbeddedServer, hashedSigningKey, type LocalKeys, type Transport } from "./transport";
import { TIMED_OUT, Watchdog } from "./watchdog";

export type Logger = {
  info(msg: string, extra?: unknown): void;
  warn(msg: string, extra?: unknown): void;
  error(msg: string, extra?: unknown): void;
};

const consoleLogger: Logger = {
  info: (m, e) => console.info(`[inngest-embedded] ${m}`, e ?? ""),
  warn: (m, e) => console.warn(`[inngest-embedded] ${m}`, e ?? ""),
  error: (m, e) => console.error(`[inngest-embedded] ${m}`, e ?? ""),
};

export type ExecutorOptions = {
  db: Db;
  client: Inngest.Any;
  functions: InngestFunction.Any[];
  transport: Transport;
  keys: LocalKeys;
  /** Where the functions believe they are served (only used in-process). */
  serveUrl?: string;
  clock?: Clock;
  /** Extra event types whose schemas validate incoming events (the app's event registry). */
  events?: unknown[];
  logger?: Logger;
  /** Background loop poll interval (real clock only). */
  pollMs?: number;
  /** Lease length; renewed every third of it. */
  leaseMs?: number;
  /**
   * Worker slots: runs processed at once (default 16). Most of a slot's time is spent waiting on
   * something outside (a mail server, a webhook, a command), so there are more slots than cores:
   * a few deliveries stuck on a dead server must leave room for an execution someone just asked for.
   */
  concurrency?: number;
  /**
   * How long one call of a function may take (wall-clock) before the attempt is failed and
   * retried, for functions without `timeouts.finish` (with it, the rest of that time). Default 5 min.
   */
  stepTimeoutMs?: number;
};

export type RunStatus = "queued" | "running" | "sleeping" | "waiting" | "completed" | "failed" | "cancelled";
const TERMINAL: RunStatus[] = ["completed", "failed", "cancelled"];
/** Most runs a worker takes at a time when there is more work than workers (see `startFresh`). */
const CLAIM = 4;
const FINAL_STEP = ["completed", "failed"];

type Run = typeof inngestRuns.$inferSelect;
type QueueItem = typeof inngestQueue.$inferSelect;
type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
type Exec = Db | Tx;
type RunRows = { run: typeof inngestRuns.$inferInsert; queue: typeof inngestQueue.$inferInsert };
type WaitRow = { item: QueueItem; runEvent: unknown };

type Op = {
  id: string;
  op: string;
  name?: string;
  displayName?: string;
  opts?: Record<string, unknown> | null;
  data?: unknown;
  error?: unknown;
};

type EventPayload = { id: string; name: string; data: Record<string, unknown>; ts: number; v?: string; user?: unknown };

type State = { steps: Record<string, unknown>; stack: string[]; pending: number };

function rowsOf(result: unknown): unknown[] {
  return Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? []);
}

type CallResult = { status: number; noRetry: boolean; retryAfter: string | null; body: unknown };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function tenantOf(event: { data?: unknown } | null | undefined): string | null {
  const data = (event?.data ?? {}) as Record<string, unknown>;
  if (typeof data.tenantId === "string" && UUID.test(data.tenantId)) return data.tenantId;
  const inner = (data.event as { data?: Record<string, unknown> } | undefined)?.data;
  if (inner && typeof inner.tenantId === "string" && UUID.test(inner.tenantId)) return inner.tenantId;
  return null;
}

function errorObject(value: unknown, fallback = "Unknown error"): { name: string; message: string; stack?: string } {
  if (value && typeof value === "object") {
    const v = value as Record<string, unknown>;
    const message = typeof v.message === "string" ? v.message : typeof v.error === "string" ? v.error : fallback;
    return {
      ...(v as object),
      name: typeof v.name === "string" ? v.name : "Error",
      message,
      ...(typeof v.stack === "string" ? { stack: v.stack } : {}),
    };
  }
  return { name: "Error", message: typeof value === "string" && value ? value : fallback };
}

/** A function's `timeouts.finish` in ms (the longest a run may take once started), or null. */
function finishTimeout(fn: FunctionConfig): number | null {
  const finish = (fn.timeouts as { finish?: string } | undefined)?.finish;
  return finish ? (parseDuration(finish) ?? null) : null;
}

function kindOf(op: Op): string {
  return (op.opts?.type === "step.sendEvent" ? "sendEvent" : STEP_KINDS[op.op]) ?? op.op;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function version(item: QueueItem): string {
  return `${item.id}:${item.attempt}:${item.fireAt?.getTime() ?? ""}`;
}

function eventNameMatches(trigger: string, name: string): boolean {
  if (trigger === name) return true;
  return trigger.endsWith("*") && name.startsWith(trigger.slice(0, -1));
}

const STEP_KINDS: Record<string, string> = {
  StepPlanned: "run",
  StepRun: "run",
  Sleep: "sleep",
  WaitForEvent: "waitForEvent",
  InvokeFunction: "invoke",
};

/**
 * The embedded stand-in for the Inngest server: one instance per (database, app) holds a lease,
 * keeps runs, steps, timers and waits in the app database, and drives the app's serve handler
 * through the SDK's wire protocol.
 */
export class EmbeddedExecutor implements EmbeddedServer {
  readonly appId: string;
  /** Lease holder id: host, pid (a dead local holder is taken over at once) and a unique suffix. */
  readonly holder = `${hostname()}:${process.pid}:${ulid()}`;
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly handler: CommHandler;
  private readonly serveUrl: string;
  private readonly schemas: EventSchemas;
  private configs = new Map<string, FunctionConfig>();
  private syncError: Error | null = null;
  private leader = false;
  private running = false;
  private stopped = false;
  /** Queue items being processed / already processed, by id + attempt + fire time (a reschedule is a new version). */
  private readonly inflight = new Set<string>();
  private readonly done = new Set<string>();
  /** Items handed to a worker slot that has not claimed them yet (not looked up again meanwhile). */
  private readonly dispatched = new Set<string>();
  readonly watchdog: Watchdog;
  private readonly runLocks = new Map<string, Promise<unknown>>();
  /**
   * The run as it stands after a hot-path step, keyed by the queue item of its next call: that
   * call follows at once under the same run lock, so it need not read the run again.
   */
  private readonly carried = new Map<number, Run>();
  /**
   * Runs this executor just created, keyed by their first queue item: their first call needs
   * neither a read of the run nor of its state (no steps, no other items yet). Dropped when the
   * item is handled; only kept while leading, and bounded.
   */
  private readonly fresh = new Map<number, Run>();
  /** Counts wakes (new work arrived); the loop and the dispatcher look again when it moved. */
  private wakes = 0;
  private waiters: Array<() => void> = [];
  private loopDone: Promise<void> | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  /** The heartbeat's lease renewal in flight, if any (stop waits for it). */
  private renewing: Promise<void> | null = null;
  private draining: Promise<void> | null = null;

  constructor(private readonly opts: ExecutorOptions) {
    this.db = opts.db;
    this.appId = opts.client.id;
    this.clock = opts.clock ?? systemClock;
    this.log = opts.logger ?? consoleLogger;
    this.watchdog = new Watchdog((call, ageMs) =>
      this.log.error(
        `worker stuck: function "${call.functionId}" (run ${call.runId}, step ${call.stepId}) has not answered ` +
          `after ${Math.round(ageMs / 1000)} s, beyond its ${Math.round(call.timeoutMs / 1000)} s timeout; ` +
          "the attempt is failed and retried, and its slot takes other work",
      ),
    );
    this.handler = inProcessHandler(opts.client, opts.functions);
    this.serveUrl = opts.serveUrl ?? "http://localhost/api/inngest";
    this.schemas = collectEventSchemas([...(opts.events ?? []), ...opts.functions]);
  }

  get isLeader(): boolean {
    return this.leader;
  }

  /** Sync (refusing unsupported configs), attach to the transport, take the lease and start the loop. */
  async start(): Promise<void> {
    this.stopped = false;
    this.opts.transport.server = this;
    await this.sync();
    await this.tryAcquireLease();
    this.heartbeat = setInterval(
      () => {
        this.renewing ??= this.renewLease().finally(() => {
          this.renewing = null;
        });
      },
      Math.max(50, Math.floor(this.leaseMs / 3)),
    );
    this.heartbeat.unref?.();
    if (!this.clock.manual) {
      this.running = true;
      this.loopDone = this.loop();
    }
  }

  /** Stop the loop, wait for in-flight work, release the lease (`releaseLease: false` simulates a crash). */
  async stop(opts: { releaseLease?: boolean } = {}): Promise<void> {
    this.stopped = true;
    this.running = false;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    // A renewal already past its `stopped` check could otherwise take the lease after this stop.
    await this.renewing;
    this.wake();
    await this.loopDone;
    await this.draining;
    if (this.opts.transport.server === this) this.opts.transport.server = null;
    if (this.leader && opts.releaseLease !== false) {
      await this.db
        .delete(inngestLeases)
        .where(and(eq(inngestLeases.appId, this.appId), eq(inngestLeases.holder, this.holder)));
    }
    this.leader = false;
    this.fresh.clear();
  }

  private get leaseMs(): number {
    return this.opts.leaseMs ?? 15_000;
  }

  /** Take (or keep) the lease of this app in this database; true when this instance holds it. */
  async tryAcquireLease(): Promise<boolean> {
    if (this.stopped) return false;
    const rows = await this.db.execute<{ holder: string }>(sql`
      insert into inngest_leases (app_id, holder, expires_at)
      values (${this.appId}, ${this.holder}, now() + ${`${this.leaseMs} milliseconds`}::interval)
      on conflict (app_id) do update set holder = excluded.holder, expires_at = excluded.expires_at
        where inngest_leases.holder = excluded.holder or inngest_leases.expires_at < now()
      returning holder`);
    const list = (Array.isArray(rows) ? rows : (rows as { rows: { holder: string }[] }).rows) as { holder: string }[];
    const was = this.leader;
    this.leader = list.some((r) => r.holder === this.holder);
    if (!this.leader) this.leader = await this.takeOverDeadHolder();
    if (this.leader && !was) {
      this.log.info(`executor ${this.holder} holds the lease of app "${this.appId}"`);
      this.wake();
    }
    return this.leader;
  }

  /** The lease is held by a process of this host that no longer exists (e.g. `next dev` restarted): take it. */
  private async takeOverDeadHolder(): Promise<boolean> {
    const [lease] = await this.db.select().from(inngestLeases).where(eq(inngestLeases.appId, this.appId));
    const [host, pid] = lease?.holder.split(":") ?? [];
    if (!lease || host !== hostname() || !pid || Number(pid) === process.pid || processAlive(Number(pid))) return false;
    const taken = await this.db
      .update(inngestLeases)
      .set({ holder: this.holder, expiresAt: sql`now() + ${`${this.leaseMs} milliseconds`}::interval` })
      .where(and(eq(inngestLeases.appId, this.appId), eq(inngestLeases.holder, lease.holder)))
      .returning();
    return taken.length > 0;
  }

  private async renewLease(): Promise<void> {
    try {
      await this.tryAcquireLease();
    } catch (error) {
      this.log.warn("lease renewal failed", error);
    }
  }

  // ── sync ──────────────────────────────────────────────────────────────────────────────────────

  /** Runs the normal sync: a PUT on the functions' handler, which registers via `POST /fn/register`. */
  async sync(): Promise<void> {
    this.syncError = null;
    const res = await this.handler({ method: "PUT", url: new URL(this.serveUrl) });
    if (this.syncError) throw this.syncError;
    if (res.status !== 200) throw new Error(`Inngest sync failed (${res.status}): ${res.body}`);
  }

  async register(authorization: string | null, body: unknown): Promise<{ status: number; body: unknown }> {
    if (authorization !== `Bearer ${hashedSigningKey(this.opts.keys.signingKey)}`) {
      return { status: 401, body: { status: 401, error: "Unauthorized" } };
    }
    const reg = body as RegisterBody;
    try {
      if (reg.appName !== this.appId)
        throw new Error(`Sync from app "${reg.appName}" but this executor serves "${this.appId}"`);
      validateFunctionConfigs(reg.functions);
    } catch (error) {
      this.syncError = error as Error;
      return { status: 400, body: { status: 400, error: (error as Error).message } };
    }
    const now = new Date(this.clock.now());
    await this.db.transaction(async (tx) => {
      await tx.delete(inngestFunctions).where(eq(inngestFunctions.appId, this.appId));
      if (reg.functions.length) {
        await tx.insert(inngestFunctions).values(
          reg.functions.map((f) => ({
            appId: this.appId,
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
            .values({ appId: this.appId, key, kind: "cron", fireAt: next, data: { functionId: f.id, cron: t.cron } })
            .onConflictDoNothing();
        }
      }
      await tx
        .delete(inngestQueue)
        .where(
          and(
            eq(inngestQueue.appId, this.appId),
            eq(inngestQueue.kind, "cron"),
            keys.length ? notInArray(inngestQueue.key, keys) : undefined,
          ),
        );
    });
    this.configs = new Map(reg.functions.map((f) => [f.id, f]));
    this.wake();
    return { status: 200, body: { status: 200, modified: true } };
  }

  // ── events ────────────────────────────────────────────────────────────────────────────────────

  async receiveEvents(key: string, body: unknown): Promise<{ status: number; body: unknown }> {
    if (key !== this.opts.keys.eventKey) return { status: 401, body: { status: 401, error: "Event key not found" } };
    const raw = (Array.isArray(body) ? body : [body]) as Array<Record<string, unknown>>;
    const problems = await validateEventPayloads(raw, this.schemas);
    if (problems.length) return { status: 400, body: { status: 400, error: problems.join("; ") } };
    const ids = await this.ingest(raw);
    return { status: 200, body: { status: 200, ids } };
  }

  /**
   * Stores events and, in the same transaction, starts the runs they trigger, resumes waits they
   * match and cancels runs they cancel. Safe to call from a standby executor: the leader picks the
   * work up from the database.
   */
  async ingest(raw: Array<Record<string, unknown>>): Promise<string[]> {
    const now = this.clock.now();
    const events: EventPayload[] = raw.map((e) => ({
      ...(e as object),
      id: typeof e.id === "string" && e.id ? e.id : ulid(now),
      name: String(e.name),
      data: (e.data && typeof e.data === "object" ? e.data : {}) as Record<string, unknown>,
      ts: typeof e.ts === "number" ? e.ts : now,
    }));
    const created = await this.db.transaction(async (tx) => {
      const inserted = await tx
        .insert(inngestEvents)
        .values(
          events.map((e) => ({
            appId: this.appId,
            id: e.id,
            name: e.name,
            data: e,
            ts: e.ts,
            tenantId: tenantOf(e),
            receivedAt: new Date(now),
          })),
        )
        .onConflictDoNothing()
        .returning({ id: inngestEvents.id });
      const fresh = new Set(inserted.map((r) => r.id));
      // A batch (e.g. a fan-out's sendEvent of hundreds) starts its runs with two statements in
      // all; runs still to be written are flushed before anything could cancel them.
      const pending: RunRows[] = [];
      const created: [number, Run][] = [];
      const flush = async () => {
        created.push(...(await this.insertRuns(tx, pending.splice(0))));
      };
      const waits = new Map<string, WaitRow[]>();
      for (const event of events) {
        if (!fresh.has(event.id)) continue; // same event id again: already handled
        await this.cancelRuns(tx, event, now, flush);
        await this.resumeWaits(tx, event, now, waits);
        for (const fn of this.configs.values()) {
          const trigger = fn.triggers.find(
            (t) => t.event && eventNameMatches(t.event, event.name) && matches(t.expression, { event }),
          );
          if (trigger) pending.push(this.runRows(fn, event, now));
        }
      }
      await flush();
      return created;
    });
    if (this.leader && this.fresh.size < 50_000) for (const [itemId, run] of created) this.fresh.set(itemId, run);
    this.wake();
    return events.map((e) => e.id);
  }

  /** The run row and its first queue item (a discover call, due now). */
  private runRows(
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
        appId: this.appId,
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
        appId: this.appId,
        key: `run:${id}:discover`,
        kind: "discover",
        runId: id,
        fireAt: new Date(now),
        tenantId: extra.tenantId ?? tenantId,
      },
    };
  }

  /** Writes runs and their first items; returns each first item's id with its run as stored. */
  private async insertRuns(tx: Exec, rows: RunRows[]): Promise<[number, Run][]> {
    if (rows.length === 0) return [];
    const runs = await tx
      .insert(inngestRuns)
      .values(rows.map((r) => r.run))
      .returning();
    const items = await tx
      .insert(inngestQueue)
      .values(rows.map((r) => r.queue))
      .returning({ id: inngestQueue.id, runId: inngestQueue.runId });
    const byId = new Map(runs.map((r) => [r.id, r]));
    return items.flatMap((i) => {
      const run = i.runId ? byId.get(i.runId) : undefined;
      return run ? [[i.id, run] as [number, Run]] : [];
    });
  }

  private async createRun(
    tx: Exec,
    fn: FunctionConfig,
    event: EventPayload,
    now: number,
    extra: Partial<typeof inngestRuns.$inferInsert> = {},
  ): Promise<string> {
    const rows = this.runRows(fn, event, now, extra);
    await this.insertRuns(tx, [rows]);
    return rows.run.id;
  }

  private async cancelRuns(tx: Tx, event: EventPayload, now: number, flush?: () => Promise<void>): Promise<void> {
    for (const fn of this.configs.values()) {
      const cancels = (fn.cancel ?? []).filter((c) => eventNameMatches(c.event, event.name));
      if (!cancels.length) continue;
      await flush?.();
      const runs = await tx
        .select({ id: inngestRuns.id, event: inngestRuns.event, createdAt: inngestRuns.createdAt })
        .from(inngestRuns)
        .where(
          and(
            eq(inngestRuns.appId, this.appId),
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
        await this.finishRun(
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
  private async resumeWaits(
    tx: Tx,
    event: EventPayload,
    now: number,
    cache: Map<string, WaitRow[]> = new Map(),
  ): Promise<void> {
    let waits = cache.get(event.name);
    if (!waits) {
      waits = await tx
        .select({ item: inngestQueue, runEvent: inngestRuns.event })
        .from(inngestQueue)
        .innerJoin(inngestRuns, eq(inngestRuns.id, inngestQueue.runId))
        .where(
          and(
            eq(inngestQueue.appId, this.appId),
            eq(inngestQueue.kind, "wait"),
            eq(inngestQueue.eventName, event.name),
          ),
        )
        .orderBy(asc(inngestQueue.id));
      cache.set(event.name, waits);
    }
    for (const wait of [...waits]) {
      const expr = (wait.item.data as { if?: string } | null)?.if;
      if (!matches(expr, { event: wait.runEvent, async: event })) continue;
      waits.splice(waits.indexOf(wait), 1);
      await this.settleStep(tx, wait.item, { data: event }, now);
    }
  }

  // ── the loop ──────────────────────────────────────────────────────────────────────────────────

  private wake(): void {
    this.wakes++;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Resolves at the next wake, or after `ms` (never, with null). */
  private nextWake(ms: number | null): Promise<void> {
    return new Promise<void>((resolve) => {
      this.waiters.push(resolve);
      if (ms !== null) setTimeout(resolve, ms).unref?.();
    });
  }

  private async loop(): Promise<void> {
    const poll = this.opts.pollMs ?? 1000;
    while (this.running) {
      const seen = this.wakes;
      try {
        if (!this.leader) await this.tryAcquireLease();
        if (this.leader) await this.drain();
      } catch (error) {
        this.log.error("executor loop failed", error);
      }
      if (!this.running) break;
      if (this.wakes !== seen) continue;
      let wait = poll;
      if (this.leader) {
        const next = await this.nextFireAt().catch(() => null);
        if (next !== null) wait = Math.max(0, Math.min(poll, next - this.clock.now()));
      }
      if (wait === 0 || this.wakes !== seen) continue;
      await this.nextWake(wait);
    }
  }

  /** The earliest pending timer (ms), or null. */
  async nextFireAt(): Promise<number | null> {
    const [row] = await this.db
      .select({ at: sql<Date | string | null>`min(${inngestQueue.fireAt})` })
      .from(inngestQueue)
      .where(eq(inngestQueue.appId, this.appId));
    return row?.at ? new Date(row.at).getTime() : null;
  }

  /**
   * Processes everything due now (and what that makes due now) until nothing is left.
   * Tests call it after moving a manual clock; the background loop calls it on every wake.
   */
  drain(): Promise<void> {
    if (!this.draining) {
      this.draining = this.drainOnce().finally(() => {
        this.draining = null;
      });
      return this.draining;
    }
    // Already draining: wait for it, then make sure work that arrived meanwhile is handled.
    return this.draining.then(() => this.drain());
  }

  private async drainOnce(): Promise<void> {
    if (!this.leader) return;
    const limit = this.opts.concurrency ?? 16;
    const poll = this.clock.manual ? null : (this.opts.pollMs ?? 1000);
    // Independent worker slots: each takes a few runs and works through them. A slot is refilled
    // as soon as it frees, and new work is looked for whenever a slot frees, something arrives or
    // (real clock) a poll passes, so a long or stuck step holds its own slot only.
    const active = new Set<Promise<void>>();
    let backlog: QueueItem[][] = [];
    let look = true;
    let seen = this.wakes;
    for (;;) {
      const taking = this.leader && !this.stopped;
      if (!taking) backlog = [];
      if (taking && look && !backlog.length && active.size < limit) {
        look = false;
        seen = this.wakes;
        backlog = await this.dueGroups();
      }
      while (backlog.length && active.size < limit) {
        // With more work than workers, each takes a few runs at a time: the ones this executor
        // just created are marked running together, one statement instead of one each.
        const claim = Math.max(1, Math.min(CLAIM, Math.floor(backlog.length / limit)));
        const claimed = backlog.splice(0, claim);
        for (const item of claimed.flat()) this.dispatched.add(version(item));
        const slot: Promise<void> = this.work(claimed).finally(() => {
          for (const item of claimed.flat()) this.dispatched.delete(version(item));
          active.delete(slot);
        });
        active.add(slot);
      }
      if (!active.size && !backlog.length) {
        if (!taking || (!look && seen === this.wakes)) return;
        look = true;
        continue;
      }
      const waits: Promise<unknown>[] = [...active];
      if (taking && active.size < limit) waits.push(this.nextWake(poll));
      await Promise.race(waits);
      look = true;
      if (this.done.size > 100_000) this.done.clear();
    }
  }

  /** Due queue items nobody is handling, grouped by run (cron ticks by their key). */
  private async dueGroups(): Promise<QueueItem[][]> {
    const now = new Date(this.clock.now());
    const due = await this.db
      .select()
      .from(inngestQueue)
      .where(and(eq(inngestQueue.appId, this.appId), isNotNull(inngestQueue.fireAt), lte(inngestQueue.fireAt, now)))
      .orderBy(asc(inngestQueue.fireAt), asc(inngestQueue.id))
      .limit(200);
    const groups = new Map<string, QueueItem[]>();
    for (const item of due) {
      const v = version(item);
      if (this.inflight.has(v) || this.done.has(v) || this.dispatched.has(v)) continue;
      const key = item.runId ?? item.key;
      groups.set(key, [...(groups.get(key) ?? []), item]);
    }
    return [...groups.values()];
  }

  /** One worker slot: the claimed runs, one after the other. A failure is retried later. */
  private async work(claimed: QueueItem[][]): Promise<void> {
    await this.startFresh(claimed).catch((error) => this.log.warn("marking runs running failed", error));
    for (const group of claimed) {
      try {
        await this.processGroup(group);
      } catch (error) {
        this.log.error("processing failed; retrying later", error);
        await this.db
          .update(inngestQueue)
          .set({ fireAt: new Date(this.clock.now() + 5000) })
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
  private async startFresh(groups: QueueItem[][]): Promise<void> {
    const items = groups.flatMap((g) =>
      g.length === 1 && this.fresh.get((g[0] as QueueItem).id)?.status === "queued" ? g : [],
    );
    if (items.length < 2) return; // one alone: its first call marks it as before
    const now = new Date(this.clock.now());
    const ids = items.map((i) => i.runId as string);
    const live = await this.db
      .update(inngestRuns)
      .set({ status: "running", startedAt: now })
      .where(and(inArray(inngestRuns.id, ids), eq(inngestRuns.status, "queued")))
      .returning({ id: inngestRuns.id });
    const started = new Set(live.map((r) => r.id));
    for (const item of items) {
      const run = this.fresh.get(item.id);
      if (!run) continue;
      if (started.has(run.id)) this.fresh.set(item.id, { ...run, status: "running", startedAt: now });
      else this.fresh.delete(item.id);
    }
  }

  private withRunLock<T>(runId: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.runLocks.get(runId) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const tail = next.catch(() => {});
    this.runLocks.set(runId, tail);
    void tail.then(() => {
      if (this.runLocks.get(runId) === tail) this.runLocks.delete(runId);
    });
    return next;
  }

  private claim(items: QueueItem[]): QueueItem[] {
    const mine = items.filter((i) => !this.inflight.has(version(i)) && !this.done.has(version(i)));
    for (const i of mine) this.inflight.add(version(i));
    return mine;
  }

  private release(items: QueueItem[]): void {
    for (const i of items) {
      this.inflight.delete(version(i));
      this.done.add(version(i));
    }
  }

  private async processGroup(items: QueueItem[]): Promise<void> {
    const first = items[0] as QueueItem;
    if (!first.runId) {
      const mine = this.claim(items);
      try {
        for (const item of mine) if (item.kind === "cron") await this.fireCron(item);
      } finally {
        this.release(mine);
      }
      return;
    }
    await this.withRunLock(first.runId, async () => {
      let batch = this.claim(items);
      try {
        while (batch.length) {
          const next = await this.processRunItems(first.runId as string, batch);
          this.release(batch);
          batch = next ? this.claim([next]) : [];
          if (next && !batch.length) this.carried.delete(next.id);
        }
      } finally {
        this.release(batch);
      }
    });
  }

  /** Handles the due items of one run (under its lock); returns a discover item to run right away. */
  private async processRunItems(runId: string, items: QueueItem[]): Promise<QueueItem | null> {
    const first = items[0] as QueueItem;
    const created = items.length === 1 ? this.fresh.get(first.id) : undefined;
    const known = items.length === 1 ? (this.carried.get(first.id) ?? created) : undefined;
    for (const i of items) this.fresh.delete(i.id);
    if (known) this.carried.delete(first.id);
    const [run] = known ? [known] : await this.db.select().from(inngestRuns).where(eq(inngestRuns.id, runId));
    if (!run || TERMINAL.includes(run.status as RunStatus)) {
      await this.db.delete(inngestQueue).where(
        inArray(
          inngestQueue.id,
          items.map((i) => i.id),
        ),
      );
      return null;
    }
    const fn = this.configs.get(run.functionId);
    if (!fn) {
      await this.db.transaction((tx) =>
        this.finishRun(
          tx,
          runId,
          "failed",
          {
            error: {
              name: "FunctionNotFound",
              message: `Function "${run.functionId}" is not in the last sync of app "${this.appId}"`,
            },
          },
          this.clock.now(),
        ),
      );
      return null;
    }
    const steps = items.filter((i) => i.kind === "step");
    const timers = items.filter((i) => i.kind === "sleep" || i.kind === "wait" || i.kind === "invoke");
    const discovers = items.filter((i) => i.kind === "discover");
    let progressed = false;
    if (steps.length) {
      // Parallel branches: all planned steps of the run at once, against one snapshot of its state.
      const state = await this.loadState(run.id);
      await Promise.all(steps.map((item) => this.runStep(run, fn, item, state)));
      progressed = true;
    }
    for (const item of timers) {
      await this.db.transaction((tx) => this.fireTimer(tx, item));
      progressed = true;
    }
    for (const item of discovers) {
      return this.discover(run, fn, item, created !== undefined);
    }
    if (progressed) return this.enqueueDiscover(this.db, run.id, run.tenantId);
    return null;
  }

  private async enqueueDiscover(
    db: Exec,
    runId: string,
    tenantId: string | null,
    attempt = 0,
    at = this.clock.now(),
  ): Promise<QueueItem | null> {
    const [item] = await db
      .insert(inngestQueue)
      .values({
        appId: this.appId,
        key: `run:${runId}:discover`,
        kind: "discover",
        runId,
        attempt,
        fireAt: new Date(at),
        tenantId,
      })
      .onConflictDoNothing()
      .returning();
    return item && at <= this.clock.now() ? item : null;
  }

  // ── calling the function ──────────────────────────────────────────────────────────────────────

  /** Memoized step state (completion order) and the number of other queue items of the run, in one query. */
  private async loadState(runId: string, exceptItemId = -1): Promise<State> {
    const result = await this.db.execute<{
      pending: number;
      id: string | null;
      status: string | null;
      data: unknown;
      error: unknown;
    }>(sql`
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

  private async call(
    run: Run,
    fn: FunctionConfig,
    state: State,
    args: { stepId: string; attempt: number; disableImmediateExecution: boolean },
  ): Promise<CallResult> {
    const { steps, stack } = state;
    const url = new URL(Object.values(fn.steps)[0]?.runtime.url ?? this.serveUrl);
    url.searchParams.set("fnId", fn.id);
    url.searchParams.set("stepId", args.stepId);
    const event = run.event as EventPayload;
    // Deliberately no `ctx.fn_id`: with it the v4 SDK switches to checkpointing (/v1/checkpoint).
    const payload = {
      event,
      events: [event],
      steps,
      ctx: {
        run_id: run.id,
        attempt: args.attempt,
        max_attempts: run.maxAttempts,
        disable_immediate_execution: args.disableImmediateExecution,
        stack: { stack, current: stack.length },
      },
    };
    let res: CommResponse | typeof TIMED_OUT;
    const finish = finishTimeout(fn);
    const timeoutMs =
      finish === null
        ? (this.opts.stepTimeoutMs ?? 300_000)
        : Math.max(0, (run.startedAt?.getTime() ?? this.clock.now()) + finish - this.clock.now());
    try {
      // A copy, as the wire would give: the SDK gets plain JSON and nothing of the executor's own.
      res = await this.watchdog.within(
        { functionId: fn.id, runId: run.id, stepId: args.stepId, timeoutMs },
        this.handler({ method: "POST", url, body: JSON.parse(JSON.stringify(payload)) }),
      );
    } catch (error) {
      return { status: 500, noRetry: false, retryAfter: null, body: errorObject(error) };
    }
    if (res === TIMED_OUT) {
      if (finish === null) {
        const message = `No answer within ${timeoutMs / 1000} s: this attempt was failed`;
        return { status: 500, noRetry: false, retryAfter: null, body: { name: "StepTimeoutError", message } };
      }
      // As Inngest does with `timeouts.finish`: the run is cancelled (the caller then sees it ended).
      const body = { name: "FunctionTimeoutError", message: `The run took longer than its ${finish / 1000} s limit` };
      await this.db.transaction((tx) => this.finishRun(tx, run.id, "cancelled", { error: body }, this.clock.now()));
      return { status: 500, noRetry: true, retryAfter: null, body };
    }
    let parsed: unknown = null;
    try {
      parsed = res.body ? JSON.parse(res.body) : null;
    } catch {
      parsed = { name: "Error", message: res.body };
    }
    return {
      status: res.status,
      noRetry: header(res, "x-inngest-no-retry") === "true",
      retryAfter: header(res, "retry-after"),
      body: parsed,
    };
  }

  /** One call of the function. `created`: its first call, right after this executor created it. */
  private async discover(run: Run, fn: FunctionConfig, item: QueueItem, created = false): Promise<QueueItem | null> {
    const now = this.clock.now();
    if (run.status === "queued" || run.attempt !== item.attempt) {
      const live = await this.db
        .update(inngestRuns)
        .set({ status: "running", attempt: item.attempt, ...(run.startedAt ? {} : { startedAt: new Date(now) }) })
        .where(and(eq(inngestRuns.id, run.id), notInArray(inngestRuns.status, TERMINAL)))
        .returning({ id: inngestRuns.id });
      if (live.length === 0) {
        // Ended meanwhile (cancelled before its first call): nothing to run.
        await this.db.delete(inngestQueue).where(eq(inngestQueue.runId, run.id));
        return null;
      }
    }
    // A run just created has no steps and no other queue items: its state is known without a read.
    const state = created ? { steps: {}, stack: [], pending: 0 } : await this.loadState(run.id, item.id);
    const res = await this.call(run, fn, state, {
      stepId: "step",
      attempt: item.attempt,
      disableImmediateExecution: state.pending > 0 || item.attempt > 0,
    });
    const only = res.status === 206 && Array.isArray(res.body) && res.body.length === 1 ? (res.body[0] as Op) : null;
    if (only && (only.op === "StepRun" || only.op === "Step")) {
      // Hot path (a sequential step ran in this request): one atomic statement stores the result
      // and turns this item into the next call.
      const next = await this.storeResultAndContinue(run, item, only, kindOf(only), item.attempt + 1, "discover");
      if (next) {
        this.carried.set(next.id, {
          ...run,
          status: "running",
          attempt: item.attempt,
          startedAt: run.startedAt ?? new Date(now),
        });
      }
      return next;
    }
    if (res.status === 200 && !run.parentRunId) {
      // Hot path (the run returned, nobody invoked it): one statement ends it if it is still
      // live and clears its queue (a run that ended meanwhile has no other items left).
      const output = res.body === undefined ? null : JSON.stringify(res.body);
      await this.db.execute(sql`
        with fin as (
          update inngest_runs set status = 'completed', ended_at = ${new Date(this.clock.now()).toISOString()}::timestamptz,
            output = ${output}::jsonb, error = null
          where id = ${run.id} and status not in ('completed', 'failed', 'cancelled'))
        delete from inngest_queue where run_id = ${run.id}`);
      return null;
    }
    return this.db.transaction(async (tx) => {
      if (!(await this.isLive(tx, run.id))) {
        await tx.delete(inngestQueue).where(eq(inngestQueue.id, item.id));
        return null;
      }
      const at = this.clock.now();
      if (res.status === 200) {
        await this.finishRun(tx, run.id, "completed", { output: res.body }, at);
        return null;
      }
      if (res.status === 206 && Array.isArray(res.body)) {
        await tx.delete(inngestQueue).where(eq(inngestQueue.id, item.id));
        let again = false;
        for (const op of res.body as Op[]) {
          const r = await this.applyOp(tx, run, op, item.attempt, at);
          if (r === "done") return null;
          if (r === "progress") again = true;
        }
        if (again) return this.enqueueDiscover(tx, run.id, run.tenantId);
        await this.markWaiting(tx, run.id);
        return null;
      }
      // The function itself threw (or the call failed): retry the whole request, or fail.
      const error = errorObject(res.body, `Function call failed with status ${res.status}`);
      const attempt = item.attempt + 1;
      if (res.noRetry || attempt >= run.maxAttempts) {
        await this.finishRun(tx, run.id, "failed", { error }, at);
        return null;
      }
      await tx
        .update(inngestQueue)
        .set({ attempt, fireAt: new Date(at + retryDelay(attempt, res.retryAfter, at)) })
        .where(eq(inngestQueue.id, item.id));
      await tx.update(inngestRuns).set({ error, attempt }).where(eq(inngestRuns.id, run.id));
      return null;
    });
  }

  /**
   * Stores a successful step result and, in the same statement, either turns this discover item
   * into the next call (a new id, so it is a new queue item; returned, to run right away) or
   * deletes this step item. Nothing is stored
   * when the run ended meanwhile (cancelled); the item is dropped then.
   */
  private async storeResultAndContinue(
    run: Run,
    item: QueueItem,
    op: Op,
    kind: string,
    attempts: number,
    mode: "discover" | "step",
  ): Promise<QueueItem | null> {
    // Explicitly typed parameters: postgres.js cannot infer them in INSERT … SELECT.
    const now = new Date(this.clock.now()).toISOString();
    const name = op.displayName ?? op.name ?? op.id;
    const data = JSON.stringify(op.data ?? null);
    const result = await this.db.execute(sql`
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

  /** Applies one op of a discovery response. "progress": a step result was stored, call again. */
  private async applyOp(
    tx: Tx,
    run: Run,
    op: Op,
    attempt: number,
    now: number,
  ): Promise<"progress" | "waiting" | "done"> {
    const name = op.displayName ?? op.name ?? op.id;
    const kind = kindOf(op);
    switch (op.op) {
      case "StepRun":
      case "Step":
        await this.storeStep(
          tx,
          run,
          op.id,
          { name, op: kind, status: "completed", data: op.data ?? null, attempts: attempt + 1 },
          now,
        );
        return "progress";
      case "StepFailed":
        await this.storeStep(
          tx,
          run,
          op.id,
          { name, op: kind, status: "failed", error: errorObject(op.error), attempts: attempt + 1 },
          now,
        );
        return "progress";
      case "StepError": {
        // Ran right away in this request and failed, retriably: retry it as its own step request.
        const next = attempt + 1;
        await this.storeStep(
          tx,
          run,
          op.id,
          { name, op: kind, status: "retrying", error: errorObject(op.error), attempts: next },
          now,
        );
        await this.enqueueRunItem(tx, run, op.id, "step", {
          attempt: next,
          fireAt: now + retryDelay(next, null, now),
          data: { name, op: kind },
        });
        return "waiting";
      }
      case "StepPlanned":
        if (await this.stepIsFinal(tx, run.id, op.id)) return "progress";
        await this.storeStep(tx, run, op.id, { name, op: kind, status: "running", attempts: 0 }, now, true);
        await this.enqueueRunItem(tx, run, op.id, "step", { attempt: 0, fireAt: now, data: { name, op: kind } });
        return "waiting";
      case "Sleep": {
        if (await this.stepIsFinal(tx, run.id, op.id)) return "progress";
        const wakeAt = resolveWakeTime(op.name ?? "0s", now);
        await this.storeStep(tx, run, op.id, { name, op: kind, status: "sleeping", attempts: 0 }, now, true);
        await this.enqueueRunItem(tx, run, op.id, "sleep", {
          fireAt: Math.max(now, wakeAt),
          data: { name, until: new Date(wakeAt).toISOString() },
        });
        return "waiting";
      }
      case "WaitForEvent": {
        if (await this.stepIsFinal(tx, run.id, op.id)) return "progress";
        const opts = (op.opts ?? {}) as { timeout?: string; if?: string; event?: string };
        const eventName = op.name ?? opts.event ?? "";
        const timeoutAt = opts.timeout ? resolveWakeTime(opts.timeout, now) : null;
        await this.storeStep(tx, run, op.id, { name, op: kind, status: "waiting", attempts: 0 }, now, true);
        await this.enqueueRunItem(tx, run, op.id, "wait", {
          fireAt: timeoutAt,
          eventName,
          data: { name, event: eventName, if: opts.if ?? null },
        });
        return "waiting";
      }
      case "InvokeFunction": {
        if (await this.stepIsFinal(tx, run.id, op.id)) return "progress";
        const existing = await tx
          .select({ id: inngestQueue.id })
          .from(inngestQueue)
          .where(and(eq(inngestQueue.appId, this.appId), eq(inngestQueue.key, `run:${run.id}:${op.id}`)));
        if (existing.length) return "waiting";
        const opts = (op.opts ?? {}) as {
          function_id?: string;
          payload?: { data?: Record<string, unknown>; v?: string };
          timeout?: string;
        };
        const target = this.configs.get(opts.function_id ?? "");
        if (!target) {
          await this.storeStep(
            tx,
            run,
            op.id,
            {
              name,
              op: kind,
              status: "failed",
              error: { name: "Error", message: `Invoked function "${opts.function_id}" is not in this app` },
            },
            now,
          );
          return "progress";
        }
        const event: EventPayload = {
          id: ulid(now),
          name: "inngest/function.invoked",
          data: { ...(opts.payload?.data ?? {}) },
          ts: now,
          ...(opts.payload?.v ? { v: opts.payload.v } : {}),
        };
        const childId = await this.createRun(tx, target, event, now, {
          parentRunId: run.id,
          parentStepId: op.id,
          tenantId: tenantOf(event) ?? run.tenantId,
        });
        await this.storeStep(
          tx,
          run,
          op.id,
          { name, op: kind, status: "invoking", attempts: 0, data: { runId: childId } },
          now,
          true,
        );
        await this.enqueueRunItem(tx, run, op.id, "invoke", {
          fireAt: opts.timeout ? resolveWakeTime(opts.timeout, now) : null,
          data: { name, childRunId: childId },
        });
        return "waiting";
      }
      case "RunComplete":
        await this.finishRun(tx, run.id, "completed", { output: op.data ?? null }, now);
        return "done";
      default:
        await this.finishRun(
          tx,
          run.id,
          "failed",
          {
            error: {
              name: "UnsupportedStep",
              message: `Step "${name}" uses "${op.op}", which the embedded executor does not implement`,
            },
          },
          now,
        );
        return "done";
    }
  }

  private async enqueueRunItem(
    tx: Exec,
    run: Run,
    stepId: string,
    kind: string,
    v: { attempt?: number; fireAt: number | null; eventName?: string; data?: unknown },
  ): Promise<void> {
    await tx
      .insert(inngestQueue)
      .values({
        appId: this.appId,
        key: `run:${run.id}:${stepId}`,
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

  private async stepIsFinal(tx: Exec, runId: string, stepId: string): Promise<boolean> {
    const [row] = await tx
      .select({ status: inngestSteps.status })
      .from(inngestSteps)
      .where(and(eq(inngestSteps.runId, runId), eq(inngestSteps.id, stepId)));
    return !!row && FINAL_STEP.includes(row.status);
  }

  /**
   * Writes a step row. A final row (completed/failed) is never overwritten, so a late duplicate
   * (a timeout racing a matching event, a retried request) cannot change a stored result.
   */
  private async storeStep(
    tx: Exec,
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
    const q = tx.insert(inngestSteps).values(values as typeof inngestSteps.$inferInsert);
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

  private async isLive(tx: Exec, runId: string): Promise<boolean> {
    const [row] = await tx.select({ status: inngestRuns.status }).from(inngestRuns).where(eq(inngestRuns.id, runId));
    return !!row && !TERMINAL.includes(row.status as RunStatus);
  }

  private async markWaiting(tx: Tx, runId: string): Promise<void> {
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
    await tx
      .update(inngestRuns)
      .set({ status })
      .where(and(eq(inngestRuns.id, runId), notInArray(inngestRuns.status, TERMINAL)));
  }

  /** Runs one planned step as its own request (parallel branches, retries). */
  private async runStep(run: Run, fn: FunctionConfig, item: QueueItem, state: State): Promise<void> {
    if (item.stepId && item.stepId in state.steps) {
      await this.db.delete(inngestQueue).where(eq(inngestQueue.id, item.id));
      return;
    }
    const res = await this.call(run, fn, state, {
      stepId: item.stepId as string,
      attempt: item.attempt,
      disableImmediateExecution: true,
    });
    const meta = (item.data ?? {}) as { name?: string; op?: string };
    const only = res.status === 206 && Array.isArray(res.body) && res.body.length === 1 ? (res.body[0] as Op) : null;
    if (only && (only.op === "StepRun" || only.op === "Step") && only.id === item.stepId) {
      await this.storeResultAndContinue(
        run,
        item,
        { ...only, displayName: only.displayName ?? meta.name },
        meta.op ?? "run",
        item.attempt + 1,
        "step",
      );
      return;
    }
    await this.db.transaction(async (tx) => {
      if (!(await this.isLive(tx, run.id))) {
        await tx.delete(inngestQueue).where(eq(inngestQueue.id, item.id));
        return;
      }
      const now = this.clock.now();
      const op = res.status === 206 && Array.isArray(res.body) ? (res.body[0] as Op | undefined) : undefined;
      const name = op?.displayName ?? op?.name ?? meta.name ?? (item.stepId as string);
      const kind = meta.op ?? "run";
      if (op && (op.op === "StepRun" || op.op === "Step") && op.id === item.stepId) {
        await this.storeStep(
          tx,
          run,
          op.id,
          { name, op: kind, status: "completed", data: op.data ?? null, attempts: item.attempt + 1 },
          now,
        );
        await tx.delete(inngestQueue).where(eq(inngestQueue.id, item.id));
        return;
      }
      const error = errorObject(op ? op.error : res.body, `Step request failed with status ${res.status}`);
      const next = item.attempt + 1;
      const final = op?.op === "StepFailed" || (op?.op !== "StepError" && res.noRetry) || next >= run.maxAttempts;
      if (final) {
        await this.storeStep(
          tx,
          run,
          item.stepId as string,
          { name, op: kind, status: "failed", error, attempts: next },
          now,
        );
        await tx.delete(inngestQueue).where(eq(inngestQueue.id, item.id));
        return;
      }
      await this.storeStep(
        tx,
        run,
        item.stepId as string,
        { name, op: kind, status: "retrying", error, attempts: next },
        now,
      );
      await tx
        .update(inngestQueue)
        .set({ attempt: next, fireAt: new Date(now + retryDelay(next, res.retryAfter, now)) })
        .where(eq(inngestQueue.id, item.id));
    });
  }

  /** A sleep is over, a wait or an invoke timed out. */
  private async fireTimer(tx: Tx, item: QueueItem): Promise<void> {
    const now = this.clock.now();
    if (item.kind === "invoke") {
      await this.settleStep(
        tx,
        item,
        { error: { name: "InngestInvokeTimeoutError", message: "Timed out waiting for invoked function to complete" } },
        now,
      );
      return;
    }
    // sleep: null; waitForEvent timeout: null
    await this.settleStep(tx, item, { data: null }, now);
  }

  /** Stores the outcome of a sleeping/waiting/invoking step, removes its item, schedules a call. */
  private async settleStep(
    tx: Tx,
    item: QueueItem,
    outcome: { data?: unknown; error?: unknown },
    now: number,
  ): Promise<void> {
    const deleted = await tx
      .delete(inngestQueue)
      .where(eq(inngestQueue.id, item.id))
      .returning({ id: inngestQueue.id });
    if (!deleted.length || !item.runId || !item.stepId) return;
    const meta = (item.data ?? {}) as { name?: string };
    const kind = item.kind === "wait" ? "waitForEvent" : item.kind;
    const run = { id: item.runId, tenantId: item.tenantId };
    await this.storeStep(
      tx,
      run,
      item.stepId,
      outcome.error !== undefined
        ? { name: meta.name ?? item.stepId, op: kind, status: "failed", error: outcome.error }
        : { name: meta.name ?? item.stepId, op: kind, status: "completed", data: outcome.data ?? null },
      now,
    );
    await this.enqueueDiscover(tx, item.runId, item.tenantId, 0, now);
    await tx
      .update(inngestRuns)
      .set({ status: "running" })
      .where(and(eq(inngestRuns.id, item.runId), notInArray(inngestRuns.status, TERMINAL)));
  }

  /** Ends a run (once): output or error, drop its queue items, resolve an invoking parent, fire onFailure. */
  private async finishRun(
    tx: Tx,
    runId: string,
    status: "completed" | "failed" | "cancelled",
    v: { output?: unknown; error?: unknown },
    now: number,
  ): Promise<void> {
    const [run] = await tx
      .update(inngestRuns)
      .set({
        status,
        endedAt: new Date(now),
        output: v.output === undefined ? null : v.output,
        ...(v.error !== undefined ? { error: v.error } : status === "completed" ? { error: null } : {}),
      })
      .where(and(eq(inngestRuns.id, runId), notInArray(inngestRuns.status, TERMINAL)))
      .returning();
    if (!run) return;
    await tx.delete(inngestQueue).where(eq(inngestQueue.runId, runId));
    if (run.parentRunId && run.parentStepId) {
      const [parentItem] = await tx
        .select()
        .from(inngestQueue)
        .where(
          and(eq(inngestQueue.appId, this.appId), eq(inngestQueue.key, `run:${run.parentRunId}:${run.parentStepId}`)),
        );
      if (parentItem) {
        await this.settleStep(
          tx,
          parentItem,
          status === "completed"
            ? { data: v.output ?? null }
            : { error: errorObject(v.error, `Invoked run ${run.id} was ${status}`) },
          now,
        );
      }
    }
    if (status === "failed") {
      const event: EventPayload = {
        id: ulid(now),
        name: "inngest/function.failed",
        data: { function_id: run.functionId, run_id: run.id, error: v.error ?? null, event: run.event },
        ts: now,
      };
      await tx.insert(inngestEvents).values({
        appId: this.appId,
        id: event.id,
        name: event.name,
        data: event,
        ts: now,
        tenantId: run.tenantId,
        receivedAt: new Date(now),
      });
      for (const fn of this.configs.values()) {
        const trigger = fn.triggers.find(
          (t) => t.event && eventNameMatches(t.event, event.name) && matches(t.expression, { event }),
        );
        if (trigger) await this.createRun(tx, fn, event, now, { tenantId: run.tenantId });
      }
    }
  }

  // ── cron ──────────────────────────────────────────────────────────────────────────────────────

  private async fireCron(item: QueueItem): Promise<void> {
    const { functionId, cron } = item.data as { functionId: string; cron: string };
    const fn = this.configs.get(functionId);
    const schedule = cronSchedule(cron);
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
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
          await tx.insert(inngestEvents).values({
            appId: this.appId,
            id: event.id,
            name: event.name,
            data: event,
            ts: event.ts,
            receivedAt: new Date(now),
          });
          await this.createRun(tx, fn, event, now);
        }
        fired++;
        tick = schedule.nextRun(tick) ?? new Date(8.64e15);
      }
      if (tick.getTime() <= now) tick = schedule.nextRun(new Date(now)) ?? new Date(8.64e15);
      await tx.update(inngestQueue).set({ fireAt: tick }).where(eq(inngestQueue.id, item.id));
    });
  }

  // ── operations for the app ────────────────────────────────────────────────────────────────────

  /** Starts a new run of a finished run's function with the same event. Returns the new run id. */
  async rerun(runId: string): Promise<string> {
    const [run] = await this.db
      .select()
      .from(inngestRuns)
      .where(and(eq(inngestRuns.id, runId), eq(inngestRuns.appId, this.appId)));
    if (!run) throw new Error(`Run ${runId} not found`);
    if (!TERMINAL.includes(run.status as RunStatus)) throw new Error(`Run ${runId} is still ${run.status}`);
    const fn = this.configs.get(run.functionId);
    if (!fn) throw new Error(`Function "${run.functionId}" is not in the last sync`);
    const id = await this.db.transaction((tx) =>
      this.createRun(tx, fn, run.event as EventPayload, this.clock.now(), { rerunOf: run.id, tenantId: run.tenantId }),
    );
    this.wake();
    return id;
  }
}

export function createExecutor(opts: ExecutorOptions): EmbeddedExecutor {
  return new EmbeddedExecutor(opts);
}
