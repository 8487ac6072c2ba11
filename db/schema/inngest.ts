import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgPolicy,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { appRole, currentTenant } from "./_rls";

/**
 * Tables of the embedded Inngest executor (inngest/embedded/). Infrastructure, not domain data:
 * the executor reads and writes them as the connecting (owner) role, which non-forced RLS does
 * not hold. The app role sees run history of its tenant only (runs, steps, events: policy on
 * `tenant_id`); the queue, function registry and lease have RLS without a policy, so the app role
 * sees none of their rows.
 */

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** Runtime-read policy: the tenant's own rows, read-only for the app role. */
const tenantRead = (name: string) =>
  pgPolicy(`${name}_tenant_read`, {
    as: "permissive",
    for: "select",
    to: appRole,
    using: sql`tenant_id = ${currentTenant}`,
  });

/** Functions registered by the last sync of each app (the `fn/register` body, one row per function). */
export const inngestFunctions = pgTable(
  "inngest_functions",
  {
    appId: text("app_id").notNull(),
    id: text("id").notNull(),
    name: text("name").notNull(),
    config: jsonb("config").notNull(),
    url: text("url").notNull(),
    syncedAt: ts("synced_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.appId, t.id] })],
).enableRLS();

/** Every event received (from `inngest.send`, `step.sendEvent`, or internal: failures, crons). */
export const inngestEvents = pgTable(
  "inngest_events",
  {
    appId: text("app_id").notNull(),
    id: text("id").notNull(),
    name: text("name").notNull(),
    data: jsonb("data").notNull(),
    ts: bigint("ts", { mode: "number" }).notNull(),
    tenantId: uuid("tenant_id"),
    receivedAt: ts("received_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.appId, t.id] }),
    index("inngest_events_tenant_idx").on(t.tenantId, t.receivedAt.desc().nullsFirst()),
    tenantRead("inngest_events"),
  ],
).enableRLS();

/** One row per function run. `status`: queued | running | sleeping | waiting | completed | failed | cancelled. */
export const inngestRuns = pgTable(
  "inngest_runs",
  {
    id: text("id").primaryKey(),
    appId: text("app_id").notNull(),
    functionId: text("function_id").notNull(),
    functionName: text("function_name").notNull(),
    tenantId: uuid("tenant_id"),
    status: text("status").notNull(),
    eventId: text("event_id"),
    eventName: text("event_name").notNull(),
    event: jsonb("event").notNull(),
    output: jsonb("output"),
    error: jsonb("error"),
    /** Attempt of the current function-level request (retries of code outside steps). */
    attempt: integer("attempt").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull(),
    parentRunId: text("parent_run_id"),
    parentStepId: text("parent_step_id"),
    rerunOf: text("rerun_of"),
    createdAt: ts("created_at").notNull(),
    startedAt: ts("started_at"),
    endedAt: ts("ended_at"),
  },
  (t) => [
    index("inngest_runs_app_status_idx").on(t.appId, t.status),
    index("inngest_runs_tenant_idx").on(t.tenantId, t.createdAt.desc().nullsFirst()),
    index("inngest_runs_function_idx").on(t.appId, t.functionId, t.createdAt.desc().nullsFirst()),
    tenantRead("inngest_runs"),
  ],
).enableRLS();

/**
 * Steps of a run, keyed by the SDK's hashed step id. A `completed` or `failed` row is memoized
 * state sent back to the SDK on every call, in `seq` (completion) order.
 * `status`: running | retrying | sleeping | waiting | invoking | completed | failed.
 */
export const inngestSteps = pgTable(
  "inngest_steps",
  {
    runId: text("run_id").notNull(),
    id: text("id").notNull(),
    tenantId: uuid("tenant_id"),
    name: text("name").notNull(),
    op: text("op").notNull(),
    status: text("status").notNull(),
    attempts: integer("attempts").notNull().default(0),
    data: jsonb("data"),
    error: jsonb("error"),
    seq: integer("seq"),
    startedAt: ts("started_at").notNull(),
    endedAt: ts("ended_at"),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.id] }),
    index("inngest_steps_tenant_idx").on(t.tenantId),
    tenantRead("inngest_steps"),
  ],
).enableRLS();

/**
 * Work and timers of the executor. `kind`: discover (call the function) | step (run one planned
 * step) | sleep | wait (for an event; `fire_at` is its timeout) | invoke (child run; `fire_at` is
 * its timeout) | cron (next tick of a cron trigger). `key` dedupes: one item per run step.
 * A row is deleted in the same transaction that stores its outcome, so a crash re-runs it.
 */
export const inngestQueue = pgTable(
  "inngest_queue",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    appId: text("app_id").notNull(),
    key: text("key").notNull(),
    kind: text("kind").notNull(),
    runId: text("run_id"),
    stepId: text("step_id"),
    attempt: integer("attempt").notNull().default(0),
    fireAt: ts("fire_at"),
    eventName: text("event_name"),
    data: jsonb("data"),
    tenantId: uuid("tenant_id"),
  },
  (t) => [
    uniqueIndex("inngest_queue_key_idx").on(t.appId, t.key),
    index("inngest_queue_fire_idx").on(t.appId, t.fireAt),
    index("inngest_queue_wait_idx").on(t.appId, t.eventName),
    index("inngest_queue_run_idx").on(t.runId),
  ],
).enableRLS();

/** One active executor per (database, app): a lease renewed by heartbeat. */
export const inngestLeases = pgTable("inngest_leases", {
  appId: text("app_id").primaryKey(),
  holder: text("holder").notNull(),
  expiresAt: ts("expires_at").notNull(),
}).enableRLS();
