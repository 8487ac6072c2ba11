import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { currentTenant, tenantIsolation } from "./_rls";

/**
 * Transactional outbox: domain events are written in the same transaction as the change they
 * describe, then sent to Inngest after commit (the row id is the Inngest event id, so a resend is
 * deduplicated). Rows not sent at once (Inngest down, process killed) are resent by the relay.
 * RLS is enabled but not forced: the app role sees its tenant's rows; the relay, running as the
 * owner role, sees all unsent rows.
 */
export const eventOutbox = pgTable(
  "event_outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id").notNull().default(currentTenant),
    name: text("name").notNull(),
    data: jsonb("data").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
  },
  (t) => [
    index("event_outbox_unsent_idx").on(t.createdAt).where(sql`sent_at is null`),
    tenantIsolation("event_outbox"),
  ],
).enableRLS();
