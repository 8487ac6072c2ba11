import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgPolicy,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { PinnedRoute } from "@/lib/approvals/flow-graph";
import type { RunPolicy } from "@/lib/work-orders/run-policy";
import type { DeployWindow, OptionalVariable } from "@/lib/work-orders/types";
import { tenantIdColumn } from "./_columns";
import { auditColumns, tenantIsolation, ts } from "./_rls";
import { tenantTable } from "./_tenant-table";
import { approvalFlows, approvalFlowVersions } from "./approvals";

/** Tenant-defined lists: environment categories (PROD, STAGE, TEST) and purpose categories. */
export const woCategories = tenantTable(
  "wo_categories",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind", { enum: ["environment", "purpose"] }).notNull(),
    name: text("name").notNull(),
    sort: integer("sort").notNull().default(0),
    ...auditColumns(),
  },
  (t) => [
    uniqueIndex("wo_categories_name_key").on(t.tenantId, t.kind, sql`lower(${t.name})`),
    check("wo_categories_kind", sql`${t.kind} in ('environment','purpose')`),
  ],
);

/** A template's identity; its content lives in versions (orders keep the version they used). */
export const woTemplates = pgTable(
  "wo_templates",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    currentVersion: integer("current_version").notNull().default(1),
    enabled: boolean("enabled").notNull().default(true),
    // Copied from the current version for listing and filtering.
    name: text("name").notNull(),
    environmentId: uuid("environment_id").notNull(),
    purposeId: uuid("purpose_id").notNull(),
    ...auditColumns(),
  },
  (t) => [
    index("wo_templates_tenant_env_idx").on(t.tenantId, t.environmentId, t.purposeId),
    tenantIsolation("wo_templates"),
  ],
).enableRLS();

export const woTemplateVersions = pgTable(
  "wo_template_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    templateId: uuid("template_id")
      .notNull()
      .references(() => woTemplates.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    environmentId: uuid("environment_id")
      .notNull()
      .references(() => woCategories.id),
    purposeId: uuid("purpose_id")
      .notNull()
      .references(() => woCategories.id),
    command: text("command").notNull(),
    workdir: text("workdir"),
    timeoutSeconds: integer("timeout_seconds").notNull().default(600),
    submitRoles: text("submit_roles").array().notNull().default(sql`'{OWNER,ADMIN,MEMBER}'::text[]`),
    requiresApproval: boolean("requires_approval").notNull().default(true),
    approvalFlowId: uuid("approval_flow_id").references(() => approvalFlows.id),
    fourEyes: boolean("four_eyes").notNull().default(false),
    /** How often an approved order of this version may run (lib/work-orders/run-policy.ts). */
    runPolicy: text("run_policy").$type<RunPolicy>().notNull().default("until_success"),
    deployWindow: jsonb("deploy_window").$type<DeployWindow | null>(),
    variables: jsonb("variables").$type<OptionalVariable[]>().notNull().default([]),
    /** Internal variables, encrypted (AES-256-GCM) JSON object: never sent to the browser. */
    internalVariables: text("internal_variables"),
    internalNames: text("internal_names").array().notNull().default(sql`'{}'::text[]`),
    createdAt: ts("created_at").notNull().defaultNow(),
    createdBy: uuid("created_by"),
  },
  (t) => [
    uniqueIndex("wo_template_versions_key").on(t.templateId, t.version),
    check("wo_template_versions_timeout", sql`${t.timeoutSeconds} between 1 and 86400`),
    check("wo_template_versions_run_policy", sql`${t.runPolicy} in ('once','until_success','any')`),
    tenantIsolation("wo_template_versions"),
  ],
).enableRLS();

export const ORDER_STATUSES = ["pending", "approved", "rejected", "withdrawn", "expired"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const workOrders = pgTable(
  "work_orders",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    number: bigserial("number", { mode: "number" }).notNull(),
    title: text("title").notNull(),
    templateId: uuid("template_id")
      .notNull()
      .references(() => woTemplates.id),
    templateVersionId: uuid("template_version_id")
      .notNull()
      .references(() => woTemplateVersions.id),
    environmentId: uuid("environment_id").notNull(),
    purposeId: uuid("purpose_id").notNull(),
    requesterId: uuid("requester_id").notNull(),
    /** The optional variables the requester chose: name → value (or values). */
    values: jsonb("values").$type<Record<string, string | string[]>>().notNull(),
    /** The command with chosen values in and internal values masked, as shown to people. */
    commandPreview: text("command_preview").notNull(),
    status: text("status", { enum: ORDER_STATUSES }).notNull(),
    /** Index of the approval level in progress (0-based); null when no approval applies. */
    currentLevel: integer("current_level"),
    /** Snapshot of the flow's levels at submit, so later flow edits do not change a running order. */
    flow: jsonb("flow").$type<unknown>(),
    /** The published flow version the order was routed through at submit (null: no approval, or before versions). */
    approvalFlowVersionId: uuid("approval_flow_version_id").references(() => approvalFlowVersions.id),
    /** The route chosen at submit: node ids, and each condition's rule (lib/approvals/flow-graph.ts PinnedRoute). */
    route: jsonb("route").$type<PinnedRoute>(),
    lastExecutionStatus: text("last_execution_status"),
    lastUrgedAt: ts("last_urged_at"),
    decidedAt: ts("decided_at"),
    ...auditColumns(),
  },
  (t) => [
    uniqueIndex("work_orders_tenant_number_key").on(t.tenantId, t.number),
    index("work_orders_tenant_created_idx").on(t.tenantId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index("work_orders_tenant_requester_idx").on(
      t.tenantId,
      t.requesterId,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index("work_orders_tenant_status_idx").on(
      t.tenantId,
      t.status,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    check("work_orders_status", sql`${t.status} in ('pending','approved','rejected','withdrawn','expired')`),
    tenantIsolation("work_orders"),
  ],
).enableRLS();

export const EXECUTION_STATUSES = ["queued", "running", "succeeded", "failed", "timed_out", "cancelled"] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

export const woExecutions = pgTable(
  "wo_executions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => workOrders.id, { onDelete: "cascade" }),
    executorId: uuid("executor_id").notNull(),
    status: text("status", { enum: EXECUTION_STATUSES }).notNull().default("queued"),
    commandPreview: text("command_preview").notNull(),
    exitCode: integer("exit_code"),
    error: text("error"),
    outputLines: integer("output_lines").notNull().default(0),
    outputBytes: integer("output_bytes").notNull().default(0),
    truncated: boolean("truncated").notNull().default(false),
    cancelRequestedAt: ts("cancel_requested_at"),
    queuedAt: ts("queued_at").notNull().defaultNow(),
    startedAt: ts("started_at"),
    finishedAt: ts("finished_at"),
    /** Renewed by the live runner while the command runs; a stale one means nobody owns the run. */
    heartbeatAt: ts("heartbeat_at"),
    /** The command's process group (its leader's pid), once spawned: what a restart or the reconciler kills. */
    pgid: integer("pgid"),
    /** The server process that ran it, `host:pid` (a process group can only be checked and killed on its host). */
    runner: text("runner"),
    // Denormalised from the order for the history filters.
    templateId: uuid("template_id").notNull(),
    environmentId: uuid("environment_id").notNull(),
    requesterId: uuid("requester_id").notNull(),
  },
  (t) => [
    index("wo_executions_tenant_queued_idx").on(t.tenantId, t.queuedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index("wo_executions_order_idx").on(t.orderId, t.queuedAt.desc().nullsFirst()),
    index("wo_executions_tenant_status_idx").on(
      t.tenantId,
      t.status,
      t.queuedAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index("wo_executions_tenant_template_idx").on(
      t.tenantId,
      t.templateId,
      t.queuedAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index("wo_executions_tenant_requester_idx").on(
      t.tenantId,
      t.requesterId,
      t.queuedAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index("wo_executions_tenant_env_idx").on(
      t.tenantId,
      t.environmentId,
      t.queuedAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    check(
      "wo_executions_status",
      sql`${t.status} in ('queued','running','succeeded','failed','timed_out','cancelled')`,
    ),
    tenantIsolation("wo_executions"),
    // What the reconciler scans (every tenant's queued and running executions, oldest first).
    index("wo_executions_active_idx").on(t.queuedAt).where(sql`status in ('queued','running')`),
    // The reconciler (lib/work-orders/reconcile-executions.ts) runs on the owner connection, which
    // FORCE RLS holds to the policies like anyone: it may read every tenant's unfinished executions
    // (to know which tenant's door to close them through), and nothing else. The app role never
    // matches (withTenant acts as opsdesk_app), so a request still sees only its tenant's rows.
    pgPolicy("wo_executions_reconciler_read", {
      as: "permissive",
      for: "select",
      to: "public",
      using: sql`current_user <> 'opsdesk_app' and ${t.status} in ('queued','running')`,
    }),
  ],
).enableRLS();

/** Output of an execution, one row per line (or partial chunk), in order. */
export const woExecutionOutput = tenantTable(
  "wo_execution_output",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    executionId: uuid("execution_id")
      .notNull()
      .references(() => woExecutions.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    stream: text("stream", { enum: ["stdout", "stderr", "system"] }).notNull(),
    line: text("line").notNull(),
    at: ts("at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("wo_execution_output_seq_key").on(t.executionId, t.seq)],
);
