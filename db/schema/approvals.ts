import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { FlowGraph } from "@/lib/approvals/flow";
import { tenantIdColumn } from "./_columns";
import { auditColumns, tenantIsolation, ts } from "./_rls";
import { tenantTable } from "./_tenant-table";

/**
 * An approval flow. `graph` is the draft the designer edits (nodes/edges, lib/approvals/flow-graph.ts);
 * orders route through a published version (`approval_flow_versions`), `published_version` being
 * the latest. The draft has unpublished changes when it differs from that version's graph.
 */
export const approvalFlows = pgTable(
  "approval_flows",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    graph: jsonb("graph").$type<FlowGraph>().notNull(),
    archived: boolean("archived").notNull().default(false),
    /** The latest published version's number; null = never published. */
    publishedVersion: integer("published_version"),
    ...auditColumns(),
  },
  (t) => [
    uniqueIndex("approval_flows_name_key").on(t.tenantId, sql`lower(${t.name})`),
    tenantIsolation("approval_flows"),
  ],
).enableRLS();

/**
 * A published version of a flow: its graph as it was, immutable (the app role may only insert and
 * read: migration 0028 revokes UPDATE and DELETE). Orders pin one (`work_orders.approval_flow_version_id`).
 */
export const approvalFlowVersions = tenantTable(
  "approval_flow_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    flowId: uuid("flow_id")
      .notNull()
      .references(() => approvalFlows.id),
    version: integer("version").notNull(),
    graph: jsonb("graph").$type<FlowGraph>().notNull(),
    publishedAt: ts("published_at").notNull().defaultNow(),
    publishedBy: uuid("published_by"),
  },
  (t) => [
    uniqueIndex("approval_flow_versions_flow_version_key").on(t.flowId, t.version),
    check("approval_flow_versions_version_positive", sql`${t.version} > 0`),
  ],
);

export const TASK_STATUSES = ["pending", "approved", "rejected", "transferred", "cancelled", "notified"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/**
 * What the engine decides on (lib/approvals/subject.ts): a subject type and its id. `order_id` is
 * derived, never written: the subject's id when it is a work order (readers that ask by order keep
 * working, and it cannot disagree with the subject).
 */
const subjectColumns = () => ({
  subjectType: text("subject_type").notNull(),
  subjectId: uuid("subject_id").notNull(),
  orderId: uuid("order_id").generatedAlwaysAs(sql`case when subject_type = 'work_order' then subject_id end`),
});

/** One approver's task at one level of one subject. cc levels get `notified` tasks (no decision). */
export const approvalTasks = pgTable(
  "approval_tasks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    ...subjectColumns(),
    level: integer("level").notNull(),
    kind: text("kind", { enum: ["single", "countersign", "or", "cc"] }).notNull(),
    approverId: uuid("approver_id").notNull(),
    status: text("status", { enum: TASK_STATUSES }).notNull(),
    comment: text("comment"),
    decidedAt: ts("decided_at"),
    decidedVia: text("decided_via", { enum: ["ui", "email", "system"] }),
    createdAt: ts("created_at").notNull().defaultNow(),
    dueAt: ts("due_at"),
  },
  (t) => [
    index("approval_tasks_subject_idx").on(t.subjectType, t.subjectId, t.level),
    index("approval_tasks_approver_idx").on(t.tenantId, t.approverId, t.status, t.createdAt.desc().nullsFirst()),
    uniqueIndex("approval_tasks_one_pending")
      .on(t.subjectType, t.subjectId, t.level, t.approverId)
      .where(sql`status = 'pending'`),
    check(
      "approval_tasks_status",
      sql`${t.status} in ('pending','approved','rejected','transferred','cancelled','notified')`,
    ),
    tenantIsolation("approval_tasks"),
  ],
).enableRLS();

/** A subject's timeline: every submit, decision, transfer, urge, withdrawal, expiry, execution. */
export const approvalRecords = pgTable(
  "approval_records",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    ...subjectColumns(),
    level: integer("level"),
    actorId: uuid("actor_id"),
    action: text("action").notNull(),
    comment: text("comment"),
    targetUserId: uuid("target_user_id"),
    via: text("via", { enum: ["ui", "email", "system"] })
      .notNull()
      .default("ui"),
    detail: jsonb("detail"),
    // clock_timestamp, not now(): records written in one transaction keep their order.
    createdAt: ts("created_at").notNull().default(sql`clock_timestamp()`),
  },
  (t) => [
    index("approval_records_subject_idx").on(t.subjectType, t.subjectId, t.createdAt),
    tenantIsolation("approval_records"),
  ],
).enableRLS();

export const LINK_ACTIONS = ["approve", "reject"] as const;
export type LinkAction = (typeof LINK_ACTIONS)[number];

/**
 * An emailed approve/reject link: bound to one task and its approver, single-use, expiring. Only
 * sha256 of the link's secret is stored. A link is usable only while unused, unexpired and its task
 * still pending, so any other decision, transfer or withdrawal kills it without bookkeeping. Its
 * subject is its task's (`approval_tasks.subject_type/subject_id`); `order_id` is set for a work
 * order's links only (a flow gate's have none).
 */
export const approvalLinks = pgTable(
  "approval_links",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    taskId: uuid("task_id").notNull(),
    orderId: uuid("order_id"),
    approverId: uuid("approver_id").notNull(),
    action: text("action", { enum: LINK_ACTIONS }).notNull(),
    tokenHash: text("token_hash").notNull(),
    expiresAt: ts("expires_at").notNull(),
    usedAt: ts("used_at"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("approval_links_token_hash_key").on(t.tokenHash),
    index("approval_links_task_idx").on(t.taskId),
    check("approval_links_action", sql`${t.action} in ('approve','reject')`),
    tenantIsolation("approval_links"),
  ],
).enableRLS();
