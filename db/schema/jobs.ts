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
  DEFAULT_JOB_ALERTS,
  JOB_TYPES,
  type JobAlerts,
  type JobConfig,
  type JobParameter,
  type JobRetries,
  MISFIRE_KINDS,
  OVERLAP_KINDS,
  RUN_STATUSES,
  TRIGGER_TYPES,
} from "../../lib/jobs/catalog";
import { auditColumns, ts } from "./_rls";
import { tenantTable } from "./_tenant-table";

/**
 * Jobs and schedules (issue 17): HTTP, shell and SQL jobs, versioned; their cron schedules; their
 * runs (the spec's JobLog); the SQL jobs' registered datasources. Secrets are `encryptSecret`
 * ciphertext and never leave the server (db/queries/jobs.ts selects names and masked hosts only).
 * The vocabulary (types, configs, policies, statuses) is lib/jobs/catalog.ts, re-exported here.
 */

export * from "../../lib/jobs/catalog";

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(","));

/**
 * A PostgreSQL database SQL jobs query. `url` is the ciphertext of the connection URL (with its
 * password); `address` is what may be shown: host, port and database, no credentials.
 */
export const datasources = tenantTable(
  "datasources",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    kind: text("kind", { enum: ["postgres"] })
      .notNull()
      .default("postgres"),
    url: text("url").notNull(),
    address: text("address").notNull(),
    readOnly: boolean("read_only").notNull().default(true),
    ...auditColumns(),
  },
  (t) => [
    uniqueIndex("datasources_name_key").on(t.tenantId, sql`lower(${t.name})`),
    check("datasources_kind", sql`${t.kind} in ('postgres')`),
  ],
);

/** A job: what stays across its versions. `current_version` is the version new runs take. */
export const jobs = tenantTable(
  "jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    type: text("type", { enum: JOB_TYPES }).notNull(),
    enabled: boolean("enabled").notNull().default(true),
    currentVersion: integer("current_version").notNull().default(1),
    alerts: jsonb("alerts").$type<JobAlerts>().notNull().default(DEFAULT_JOB_ALERTS),
    ...auditColumns(),
  },
  (t) => [
    uniqueIndex("jobs_name_key").on(t.tenantId, sql`lower(${t.name})`),
    // The target of the tenant-scoped foreign keys below: a row can only name a job of its own tenant.
    unique("jobs_tenant_id_key").on(t.tenantId, t.id),
    check("jobs_type", sql`${t.type} in (${inList(JOB_TYPES)})`),
  ],
);

/**
 * One saved definition of a job, immutable (the app role may only insert and read: the custom
 * migration revokes UPDATE and DELETE). `secrets` is the ciphertext of a JSON name → value map;
 * `secret_names` is all that is ever read back.
 */
export const jobVersions = tenantTable(
  "job_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    jobId: uuid("job_id").notNull(),
    version: integer("version").notNull(),
    config: jsonb("config").$type<JobConfig>().notNull(),
    retries: jsonb("retries").$type<JobRetries>().notNull(),
    timeoutMs: integer("timeout_ms").notNull(),
    parameters: jsonb("parameters").$type<JobParameter[]>().notNull().default([]),
    secretNames: text("secret_names").array().notNull().default(sql`'{}'::text[]`),
    secrets: text("secrets"),
    createdAt: ts("created_at").notNull().defaultNow(),
    createdBy: uuid("created_by"),
  },
  (t) => [
    foreignKey({
      name: "job_versions_job_fk",
      columns: [t.tenantId, t.jobId],
      foreignColumns: [jobs.tenantId, jobs.id],
    }).onDelete("cascade"),
    unique("job_versions_job_version_key").on(t.jobId, t.version),
    unique("job_versions_tenant_job_version_key").on(t.tenantId, t.jobId, t.version),
    check("job_versions_version_positive", sql`${t.version} > 0`),
  ],
);

/**
 * A cron schedule of a job. Every enabled schedule has a `next_fire_at` (the scheduler invariant);
 * the tick reads due ones through `job_schedules_due_idx`.
 */
export const jobSchedules = tenantTable(
  "job_schedules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    jobId: uuid("job_id").notNull(),
    cron: text("cron").notNull(),
    timeZone: text("time_zone").notNull(),
    misfirePolicy: text("misfire_policy", { enum: MISFIRE_KINDS }).notNull().default("fire_once"),
    /** fire_all's cap. */
    misfireCap: integer("misfire_cap"),
    overlapPolicy: text("overlap_policy", { enum: OVERLAP_KINDS }).notNull().default("skip"),
    /** allow_n's limit. */
    overlapLimit: integer("overlap_limit"),
    paused: boolean("paused").notNull().default(false),
    /** A pause that ends by itself: the schedule fires again from this instant on. */
    pausedUntil: ts("paused_until"),
    calendar: jsonb("calendar")
      .$type<{ excluded: { date: string; name?: string }[]; included: { date: string; name?: string }[] }>()
      .notNull()
      .default({ excluded: [], included: [] }),
    enabled: boolean("enabled").notNull().default(true),
    nextFireAt: ts("next_fire_at"),
    lastFireAt: ts("last_fire_at"),
    ...auditColumns(),
  },
  (t) => [
    foreignKey({
      name: "job_schedules_job_fk",
      columns: [t.tenantId, t.jobId],
      foreignColumns: [jobs.tenantId, jobs.id],
    }).onDelete("cascade"),
    index("job_schedules_due_idx").on(t.nextFireAt).where(sql`enabled and not paused`),
    index("job_schedules_job_idx").on(t.jobId),
    check("job_schedules_misfire", sql`${t.misfirePolicy} in (${inList(MISFIRE_KINDS)})`),
    check("job_schedules_overlap", sql`${t.overlapPolicy} in (${inList(OVERLAP_KINDS)})`),
    // The scheduler (lib/jobs/tick.ts) finds due and unarmed schedules of every tenant on the owner
    // connection, which FORCE RLS holds to the policies like anyone: it may read enabled schedules
    // (to know which tenant's door to claim them through), and nothing else.
    pgPolicy("job_schedules_scheduler_read", {
      as: "permissive",
      for: "select",
      to: "public",
      using: sql`current_user <> 'opsdesk_app' and ${t.enabled}`,
    }),
  ],
);

/**
 * One run of a job (the spec's JobLog), naming the version it ran. A cron fire is one row per
 * (schedule, fire time): the unique key makes a double fire impossible. A skipped fire is a row
 * too, `skipped` with its `reason` (a `msgKey()` string, lib/schedules/reasons.ts).
 */
export const jobRuns = tenantTable(
  "job_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    jobId: uuid("job_id").notNull(),
    version: integer("version").notNull(),
    scheduleId: uuid("schedule_id").references(() => jobSchedules.id, { onDelete: "set null" }),
    fireAt: ts("fire_at"),
    triggerType: text("trigger_type", { enum: TRIGGER_TYPES }).notNull(),
    status: text("status", { enum: RUN_STATUSES }).notNull().default("pending"),
    reason: text("reason"),
    attempt: integer("attempt").notNull().default(1),
    startedAt: ts("started_at"),
    finishedAt: ts("finished_at"),
    durationMs: integer("duration_ms"),
    /** The run this one retries (trigger `retry`), whose attempt + 1 it is. */
    retryOf: uuid("retry_of"),
    /** Written by the tick behind a running run (overlap buffer one): started when that one ends. */
    buffered: boolean("buffered").notNull().default(false),
    /** The server process running it, and its last sign of life (the reconciler reads both). */
    runner: text("runner"),
    heartbeatAt: ts("heartbeat_at"),
    pgid: integer("pgid"),
    cancelRequestedAt: ts("cancel_requested_at"),
    cancelRequestedBy: uuid("cancel_requested_by"),
    params: jsonb("params").$type<Record<string, string>>().notNull().default({}),
    result: jsonb("result"),
    error: text("error"),
    createdAt: ts("created_at").notNull().defaultNow(),
    createdBy: uuid("created_by"),
  },
  (t) => [
    foreignKey({
      name: "job_runs_job_version_fk",
      columns: [t.tenantId, t.jobId, t.version],
      foreignColumns: [jobVersions.tenantId, jobVersions.jobId, jobVersions.version],
    }).onDelete("cascade"),
    uniqueIndex("job_runs_schedule_fire_key").on(t.scheduleId, t.fireAt),
    index("job_runs_job_idx").on(t.jobId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    check("job_runs_trigger_type", sql`${t.triggerType} in (${inList(TRIGGER_TYPES)})`),
    check("job_runs_status", sql`${t.status} in (${inList(RUN_STATUSES)})`),
    check("job_runs_attempt_positive", sql`${t.attempt} > 0`),
    index("job_runs_active_idx").on(t.createdAt).where(sql`status in ('pending','running')`),
    index("job_runs_schedule_active_idx").on(t.scheduleId).where(sql`status in ('pending','running')`),
    // A run's end looks back over the job's final runs, each "not superseded by a retry" (alerts.ts).
    index("job_runs_retry_of_idx").on(t.retryOf).where(sql`retry_of is not null`),
    // The reconciler (lib/jobs/reconcile-runs.ts) reads every tenant's unfinished runs on the owner
    // connection, to close abandoned ones through their tenant's door; nothing else.
    pgPolicy("job_runs_reconciler_read", {
      as: "permissive",
      for: "select",
      to: "public",
      using: sql`current_user <> 'opsdesk_app' and ${t.status} in ('pending','running')`,
    }),
  ],
);

/** Output of a shell run, one row per line, in order (the work-order output viewer reads it). */
export const jobRunOutput = tenantTable(
  "job_run_output",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    runId: uuid("run_id")
      .notNull()
      .references(() => jobRuns.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    stream: text("stream", { enum: ["stdout", "stderr", "system"] }).notNull(),
    line: text("line").notNull(),
  },
  (t) => [uniqueIndex("job_run_output_seq_key").on(t.runId, t.seq)],
);
