import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgPolicy,
  text,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import {
  FLOW_RUN_STATUSES,
  FLOW_TRIGGERS,
  type FlowParameter,
  NODE_STATUSES,
  RERUN_MODES,
} from "../../lib/flows/catalog";
import type { FlowGraph } from "../../lib/flows/graph";
import { auditColumns, ts } from "./_rls";
import { tenantTable } from "./_tenant-table";

/**
 * Job flows (issue 18): DAGs of jobs and inline nodes, drawn on the shared canvas. `graph` and the
 * settings are the draft the editor saves; runs pin a published version (`job_flow_versions`,
 * immutable). The vocabulary is lib/flows/catalog.ts, re-exported here.
 */

export * from "../../lib/flows/catalog";

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(","));

export const jobFlows = tenantTable(
  "job_flows",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    graph: jsonb("graph").$type<FlowGraph>().notNull(),
    parameters: jsonb("parameters").$type<FlowParameter[]>().notNull().default([]),
    parallelism: integer("parallelism").notNull().default(4),
    timeoutMs: integer("timeout_ms"),
    /** The latest published version's number; null = never published (it cannot run). */
    publishedVersion: integer("published_version"),
    archived: boolean("archived").notNull().default(false),
    ...auditColumns(),
  },
  (t) => [
    uniqueIndex("job_flows_name_key").on(t.tenantId, sql`lower(${t.name})`),
    check("job_flows_parallelism", sql`${t.parallelism} between 1 and 50`),
  ],
);

/** A published version of a flow, as it was: immutable (the app role may only insert and read). */
export const jobFlowVersions = tenantTable(
  "job_flow_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    flowId: uuid("flow_id")
      .notNull()
      .references(() => jobFlows.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    graph: jsonb("graph").$type<FlowGraph>().notNull(),
    parameters: jsonb("parameters").$type<FlowParameter[]>().notNull().default([]),
    parallelism: integer("parallelism").notNull(),
    timeoutMs: integer("timeout_ms"),
    publishedAt: ts("published_at").notNull().defaultNow(),
    publishedBy: uuid("published_by"),
  },
  (t) => [
    unique("job_flow_versions_flow_version_key").on(t.tenantId, t.flowId, t.version),
    check("job_flow_versions_version_positive", sql`${t.version} > 0`),
  ],
);

/**
 * One run of a flow (the spec's FlowInstance), pinned to a version. A rerun is a run of its own
 * (`rerun_of`, its mode and, for `from`, the node): the nodes it does not rerun keep the earlier
 * run's successes and outputs (`reused`).
 */
export const flowRuns = tenantTable(
  "flow_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    flowId: uuid("flow_id").notNull(),
    version: integer("version").notNull(),
    status: text("status", { enum: FLOW_RUN_STATUSES }).notNull().default("pending"),
    triggerType: text("trigger_type", { enum: FLOW_TRIGGERS }).notNull(),
    params: jsonb("params").$type<Record<string, string>>().notNull().default({}),
    rerunOf: uuid("rerun_of"),
    rerunMode: text("rerun_mode", { enum: RERUN_MODES }),
    rerunFrom: text("rerun_from"),
    startedAt: ts("started_at"),
    finishedAt: ts("finished_at"),
    cancelRequestedAt: ts("cancel_requested_at"),
    cancelRequestedBy: uuid("cancel_requested_by"),
    /** Why the run failed as a whole (a `msgKey()` string: flow timeout, a node's fail policy). */
    error: text("error"),
    createdAt: ts("created_at").notNull().defaultNow(),
    createdBy: uuid("created_by"),
  },
  (t) => [
    foreignKey({
      name: "flow_runs_version_fk",
      columns: [t.tenantId, t.flowId, t.version],
      foreignColumns: [jobFlowVersions.tenantId, jobFlowVersions.flowId, jobFlowVersions.version],
    }).onDelete("cascade"),
    index("flow_runs_flow_idx").on(t.flowId, t.createdAt.desc().nullsFirst()),
    index("flow_runs_active_idx").on(t.createdAt).where(sql`status in ('pending','running')`),
    check("flow_runs_status", sql`${t.status} in (${inList(FLOW_RUN_STATUSES)})`),
    check("flow_runs_trigger", sql`${t.triggerType} in (${inList(FLOW_TRIGGERS)})`),
  ],
);

/**
 * A node's state in a run: one row per node of the version, written when the run starts (all
 * `pending`) and moved by the runner. `attempt` counts tries; `output` is the node's JSON output
 * (downstream reads it as `{nodes.<id>.output.<path>}`). A job node's execution is a job run of
 * its own (trigger `flow`, `job_run_id`); `reused_from` names the earlier run's row a rerun kept.
 */
export const flowRunNodes = tenantTable(
  "flow_run_nodes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    runId: uuid("run_id")
      .notNull()
      .references(() => flowRuns.id, { onDelete: "cascade" }),
    nodeId: text("node_id").notNull(),
    kind: text("kind").notNull(),
    status: text("status", { enum: NODE_STATUSES }).notNull().default("pending"),
    attempt: integer("attempt").notNull().default(0),
    startedAt: ts("started_at"),
    finishedAt: ts("finished_at"),
    /** The server process running it, and its last sign of life (the watchdog reads both). */
    runner: text("runner"),
    heartbeatAt: ts("heartbeat_at"),
    pgid: integer("pgid"),
    /** A `warn` timeout passed while it ran on. */
    warned: boolean("warned").notNull().default(false),
    output: jsonb("output"),
    error: text("error"),
    jobRunId: uuid("job_run_id"),
    reusedFrom: uuid("reused_from"),
  },
  (t) => [
    uniqueIndex("flow_run_nodes_run_node_key").on(t.runId, t.nodeId),
    index("flow_run_nodes_live_idx").on(t.heartbeatAt).where(sql`status = 'running'`),
    check("flow_run_nodes_status", sql`${t.status} in (${inList(NODE_STATUSES)})`),
    // The watchdog (lib/flows/reconcile-flow-nodes.ts) reads every tenant's running nodes on the
    // owner connection, to close the ones whose runner is gone through their tenant's door.
    pgPolicy("flow_run_nodes_watchdog_read", {
      as: "permissive",
      for: "select",
      to: "public",
      using: sql`current_user <> 'opsdesk_app' and ${t.status} = 'running'`,
    }),
  ],
);

/** Log lines of an inline node's attempts, in order (a job node's are its job run's `job_run_output`). */
export const flowRunOutput = tenantTable(
  "flow_run_output",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    runNodeId: uuid("run_node_id")
      .notNull()
      .references(() => flowRunNodes.id, { onDelete: "cascade" }),
    attempt: integer("attempt").notNull().default(1),
    seq: integer("seq").notNull(),
    stream: text("stream", { enum: ["stdout", "stderr", "system"] }).notNull(),
    line: text("line").notNull(),
    at: ts("at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("flow_run_output_seq_key").on(t.runNodeId, t.attempt, t.seq)],
);
