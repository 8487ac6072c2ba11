import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgPolicy, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { currentTenant, tenantIsolation } from "./_rls";

/**
 * Transactional outbox: domain events are written in the same transaction as the change they
 * describe, then sent to Inngest after commit (the row id is the Inngest event id, so a resend is
 * deduplicated). Rows not sent at once (Inngest down, process killed) are resent by the relay.
 * RLS is forced like on every tenant table: the app role sees its tenant's rows; the relay
 * (lib/events/relay.ts), on the owner connection, may read every tenant's rows and mark unsent
 * ones sent through its own policies, and nothing else.
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
    // The relay acts as the connecting (owner) role, never as opsdesk_app, and FORCE RLS holds it
    // to these: it reads every tenant's rows and may mark unsent ones sent; it inserts and deletes
    // nothing. (Read cannot be narrowed to unsent rows: an UPDATE whose WHERE reads the row needs
    // the updated row to stay readable.)
    pgPolicy("event_outbox_relay_read", {
      as: "permissive",
      for: "select",
      to: "public",
      using: sql`current_user <> 'opsdesk_app'`,
    }),
    pgPolicy("event_outbox_relay_mark", {
      as: "permissive",
      for: "update",
      to: "public",
      using: sql`current_user <> 'opsdesk_app' and ${t.sentAt} is null`,
      withCheck: sql`current_user <> 'opsdesk_app'`,
    }),
  ],
).enableRLS();
