import { sql } from "drizzle-orm";
import { check, index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { tenantIdColumn } from "./_columns";
import { tenantIsolation, ts } from "./_rls";

export const LINK_ACTIONS = ["approve", "reject"] as const;
export type LinkAction = (typeof LINK_ACTIONS)[number];

/**
 * An emailed approve/reject link: bound to one task and its approver, single-use, expiring. Only
 * sha256 of the link's secret is stored. A link is usable only while unused, unexpired and its task
 * still pending, so any other decision, transfer or withdrawal kills it without bookkeeping.
 */
export const approvalLinks = pgTable(
  "approval_links",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    taskId: uuid("task_id").notNull(),
    orderId: uuid("order_id").notNull(),
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

/**
 * Every email the app sends. With SMTP configured it is a log (`transport = 'smtp'`, `sent_at` or
 * `error`); in the embedded default it is the mailbox itself, read on the dev Mail page.
 */
export const mailOutbox = pgTable(
  "mail_outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    html: text("html").notNull(),
    transport: text("transport", { enum: ["smtp", "outbox"] }).notNull(),
    sentAt: ts("sent_at"),
    error: text("error"),
    createdAt: ts("created_at").notNull().default(sql`clock_timestamp()`),
  },
  (t) => [
    index("mail_outbox_tenant_created_idx").on(t.tenantId, t.createdAt.desc()),
    check("mail_outbox_transport", sql`${t.transport} in ('smtp','outbox')`),
    tenantIsolation("mail_outbox"),
  ],
).enableRLS();
