import "server-only";
// What every part of the executor shares: the context object (database, app id, clock, configs,
// logger and the little in-memory state the hot paths keep), the row and wire types, and small
// helpers. The parts are plain functions taking this context; executor.ts builds it.
import type { Db } from "@/db/client";
import type { inngestQueue, inngestRuns } from "@/db/schema/inngest";
import type { Clock } from "./clock";
import type { CommHandler } from "./comm";
import type { FunctionConfig } from "./config";
import type { Watchdog } from "./watchdog";

export type Logger = {
  info(msg: string, extra?: unknown): void;
  warn(msg: string, extra?: unknown): void;
  error(msg: string, extra?: unknown): void;
};

export const consoleLogger: Logger = {
  info: (m, e) => console.info(`[inngest-embedded] ${m}`, e ?? ""),
  warn: (m, e) => console.warn(`[inngest-embedded] ${m}`, e ?? ""),
  error: (m, e) => console.error(`[inngest-embedded] ${m}`, e ?? ""),
};

export type RunStatus = "queued" | "running" | "sleeping" | "waiting" | "completed" | "failed" | "cancelled";
export const TERMINAL: RunStatus[] = ["completed", "failed", "cancelled"];
export const FINAL_STEP = ["completed", "failed"];

export type Run = typeof inngestRuns.$inferSelect;
export type QueueItem = typeof inngestQueue.$inferSelect;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type Exec = Db | Tx;

/** An op of the SDK's answer (206): a step to plan, a result, a sleep, a wait… */
export type Op = {
  id: string;
  op: string;
  name?: string;
  displayName?: string;
  opts?: Record<string, unknown> | null;
  data?: unknown;
  error?: unknown;
};

export type EventPayload = {
  id: string;
  name: string;
  data: Record<string, unknown>;
  ts: number;
  v?: string;
  user?: unknown;
};

/** A run's memoized steps (completion order) and how many other queue items it has. */
export type State = { steps: Record<string, unknown>; stack: string[]; pending: number };

export type Ctx = {
  readonly db: Db;
  readonly appId: string;
  /** Lease holder id: host, pid (a dead local holder is taken over at once) and a unique suffix. */
  readonly holder: string;
  readonly clock: Clock;
  readonly log: Logger;
  readonly handler: CommHandler;
  /** Where the functions believe they are served. */
  readonly serveUrl: string;
  readonly watchdog: Watchdog;
  readonly leaseMs: number;
  readonly pollMs: number;
  readonly concurrency: number;
  readonly stepTimeoutMs: number;
  /** The functions of the last sync, by id. */
  configs: Map<string, FunctionConfig>;
  /** Set by `register` when the sync it answers is refused (`sync` throws it). */
  syncError: Error | null;
  leader: boolean;
  /** The background loop runs (real clock only). */
  running: boolean;
  stopped: boolean;
  /**
   * The run as it stands after a hot-path step, keyed by the queue item of its next call: that
   * call follows at once under the same run lock, so it need not read the run again.
   */
  readonly carried: Map<number, Run>;
  /**
   * Runs this executor just created, keyed by their first queue item: their first call needs
   * neither a read of the run nor of its state (no steps, no other items yet). Dropped when the
   * item is handled; only kept while leading, and bounded.
   */
  readonly fresh: Map<number, Run>;
  // The queue loop's bookkeeping (queue.ts).
  /** Queue items being processed / already processed, by id + attempt + fire time (a reschedule is a new version). */
  readonly inflight: Set<string>;
  readonly done: Set<string>;
  /** Items handed to a worker slot that has not claimed them yet (not looked up again meanwhile). */
  readonly dispatched: Set<string>;
  readonly runLocks: Map<string, Promise<unknown>>;
  draining: Promise<void> | null;
  /** Counts wakes (new work arrived); the loop and the dispatcher look again when it moved. */
  wakes: number;
  waiters: Array<() => void>;
};

/** New work arrived: the loop and the dispatcher look again. */
export function wake(ctx: Ctx): void {
  ctx.wakes++;
  const waiters = ctx.waiters;
  ctx.waiters = [];
  for (const resolve of waiters) resolve();
}

/** Resolves at the next wake, or after `ms` (never, with null). */
export function nextWake(ctx: Ctx, ms: number | null): Promise<void> {
  return new Promise<void>((resolve) => {
    ctx.waiters.push(resolve);
    if (ms !== null) setTimeout(resolve, ms).unref?.();
  });
}

export function rowsOf(result: unknown): unknown[] {
  return Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? []);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The tenant an event is about: its `data.tenantId`, or that of the event it wraps (onFailure). */
export function tenantOf(event: { data?: unknown } | null | undefined): string | null {
  const data = (event?.data ?? {}) as Record<string, unknown>;
  if (typeof data.tenantId === "string" && UUID.test(data.tenantId)) return data.tenantId;
  const inner = (data.event as { data?: Record<string, unknown> } | undefined)?.data;
  if (inner && typeof inner.tenantId === "string" && UUID.test(inner.tenantId)) return inner.tenantId;
  return null;
}

export function errorObject(
  value: unknown,
  fallback = "Unknown error",
): { name: string; message: string; stack?: string } {
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
