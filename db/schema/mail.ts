import { sql } from "drizzle-orm";
import { check, index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { tenantIdColumn } from "./_columns";
import { tenantIsolation, ts } from "./_rls";

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
    /** The Message-ID header it went out with (a delivery's is the same on every attempt). */
    messageId: text("message_id"),
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
