import "server-only";
// The embedded stand-in for the Inngest server, as a facade: `EmbeddedExecutor` builds the shared
// context (context.ts) and hands each call to the part that owns it: lease.ts (lease, heartbeat),
// registry.ts (sync, triggers, cron), events.ts (ingest, cancel, resume), queue.ts (loop, drain,
// claims), wire.ts (calling the functions), ops.ts (the op state machine), persistence.ts (rows).
import { and, eq } from "drizzle-orm";
import type { Inngest, InngestFunction } from "inngest";
import type { Db } from "@/db/client";
import { inngestRuns } from "@/db/schema/inngest";
import { type Clock, systemClock } from "./clock";
import { inProcessHandler } from "./comm";
import { type Ctx, consoleLogger, type EventPayload, type Logger, type RunStatus, TERMINAL, wake } from "./context";
import { ingest, receiveEvents } from "./events";
import { holderId, releaseLease, startHeartbeat, tryAcquireLease } from "./lease";
import { createRun } from "./persistence";
import { drain, loop, nextFireAt } from "./queue";
import { register, sync } from "./registry";
import { collectEventSchemas, type EventSchemas } from "./schemas";
import type { EmbeddedServer, LocalKeys, Transport } from "./transport";
import { Watchdog } from "./watchdog";

export type { Logger, RunStatus };

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

/**
 * The embedded stand-in for the Inngest server: one instance per (database, app) holds a lease,
 * keeps runs, steps, timers and waits in the app database, and drives the app's serve handler
 * through the SDK's wire protocol.
 */
export class EmbeddedExecutor implements EmbeddedServer {
  readonly appId: string;
  /** Lease holder id: host, pid (a dead local holder is taken over at once) and a unique suffix. */
  readonly holder: string;
  readonly watchdog: Watchdog;
  private readonly ctx: Ctx;
  private readonly schemas: EventSchemas;
  private loopDone: Promise<void> | null = null;
  private heartbeat: { stop(): Promise<void> } | null = null;

  constructor(private readonly opts: ExecutorOptions) {
    const log = opts.logger ?? consoleLogger;
    this.watchdog = new Watchdog((call, ageMs) =>
      log.error(
        `worker stuck: function "${call.functionId}" (run ${call.runId}, step ${call.stepId}) has not answered ` +
          `after ${Math.round(ageMs / 1000)} s, beyond its ${Math.round(call.timeoutMs / 1000)} s timeout; ` +
          "the attempt is failed and retried, and its slot takes other work",
      ),
    );
    this.ctx = {
      db: opts.db,
      appId: opts.client.id,
      holder: holderId(),
      clock: opts.clock ?? systemClock,
      log,
      handler: inProcessHandler(opts.client, opts.functions),
      serveUrl: opts.serveUrl ?? "http://localhost/api/inngest",
      watchdog: this.watchdog,
      leaseMs: opts.leaseMs ?? 15_000,
      pollMs: opts.pollMs ?? 1000,
      concurrency: opts.concurrency ?? 16,
      stepTimeoutMs: opts.stepTimeoutMs ?? 300_000,
      configs: new Map(),
      syncError: null,
      leader: false,
      running: false,
      stopped: false,
      carried: new Map(),
      fresh: new Map(),
      inflight: new Set(),
      done: new Set(),
      dispatched: new Set(),
      runLocks: new Map(),
      draining: null,
      wakes: 0,
      waiters: [],
    };
    this.appId = this.ctx.appId;
    this.holder = this.ctx.holder;
    this.schemas = collectEventSchemas([...(opts.events ?? []), ...opts.functions]);
  }

  get isLeader(): boolean {
    return this.ctx.leader;
  }

  /** Sync (refusing unsupported configs), attach to the transport, take the lease and start the loop. */
  async start(): Promise<void> {
    const ctx = this.ctx;
    ctx.stopped = false;
    this.opts.transport.server = this;
    await this.sync();
    await this.tryAcquireLease();
    this.heartbeat = startHeartbeat(ctx);
    if (!ctx.clock.manual) {
      ctx.running = true;
      this.loopDone = loop(ctx);
    }
  }

  /** Stop the loop, wait for in-flight work, release the lease (`releaseLease: false` simulates a crash). */
  async stop(opts: { releaseLease?: boolean } = {}): Promise<void> {
    const ctx = this.ctx;
    ctx.stopped = true;
    ctx.running = false;
    const heartbeat = this.heartbeat;
    this.heartbeat = null;
    await heartbeat?.stop();
    wake(ctx);
    await this.loopDone;
    await ctx.draining;
    if (this.opts.transport.server === this) this.opts.transport.server = null;
    if (ctx.leader && opts.releaseLease !== false) await releaseLease(ctx);
    ctx.leader = false;
    ctx.fresh.clear();
  }

  /** Take (or keep) the lease of this app in this database; true when this instance holds it. */
  tryAcquireLease(): Promise<boolean> {
    return tryAcquireLease(this.ctx);
  }

  /** Runs the normal sync: a PUT on the functions' handler, which registers via `POST /fn/register`. */
  sync(): Promise<void> {
    return sync(this.ctx);
  }

  /** `POST /fn/register` (transport): a sync from the serve handler. */
  register(authorization: string | null, body: unknown): Promise<{ status: number; body: unknown }> {
    return register(this.ctx, this.opts.keys.signingKey, authorization, body);
  }

  /** `POST /e/:key` (transport): events from `inngest.send()` / `step.sendEvent()`. */
  receiveEvents(key: string, body: unknown): Promise<{ status: number; body: unknown }> {
    return receiveEvents(this.ctx, this.opts.keys.eventKey, this.schemas, key, body);
  }

  /**
   * Stores events and, in the same transaction, starts the runs they trigger, resumes waits they
   * match and cancels runs they cancel. Safe to call from a standby executor: the leader picks the
   * work up from the database.
   */
  ingest(raw: Array<Record<string, unknown>>): Promise<string[]> {
    return ingest(this.ctx, raw);
  }

  /** The earliest pending timer (ms), or null. */
  nextFireAt(): Promise<number | null> {
    return nextFireAt(this.ctx);
  }

  /**
   * Processes everything due now (and what that makes due now) until nothing is left.
   * Tests call it after moving a manual clock; the background loop calls it on every wake.
   */
  drain(): Promise<void> {
    return drain(this.ctx);
  }

  /** Starts a new run of a finished run's function with the same event. Returns the new run id. */
  async rerun(runId: string): Promise<string> {
    const ctx = this.ctx;
    const [run] = await ctx.db
      .select()
      .from(inngestRuns)
      .where(and(eq(inngestRuns.id, runId), eq(inngestRuns.appId, ctx.appId)));
    if (!run) throw new Error(`Run ${runId} not found`);
    if (!TERMINAL.includes(run.status as RunStatus)) throw new Error(`Run ${runId} is still ${run.status}`);
    const fn = ctx.configs.get(run.functionId);
    if (!fn) throw new Error(`Function "${run.functionId}" is not in the last sync`);
    const event = run.event as EventPayload;
    const extra = { rerunOf: run.id, tenantId: run.tenantId };
    const id = await ctx.db.transaction((tx) => createRun(ctx, tx, fn, event, ctx.clock.now(), extra));
    wake(ctx);
    return id;
  }
}

export function createExecutor(opts: ExecutorOptions): EmbeddedExecutor {
  return new EmbeddedExecutor(opts);
}
