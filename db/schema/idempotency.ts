import { sql } from "drizzle-orm";
import { jsonb, pgPolicy, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { appRole, currentTenant, currentUser, ts } from "./_rls";

/**
 * One row per create a user asked for with an idempotency key (made when the form rendered):
 * written in the create's own transaction (lib/idempotency.ts `once`), so a repeat of the same
 * key (a retry after a lost response, a double click) returns `result` and creates nothing.
 * Scoped to tenant + user + action: the policy shows a user only their own keys in the door's
 * tenant, so nobody can read another's result by guessing a key. No foreign key to tenants: the
 * key of "create tenant" is claimed before its tenant row exists. Kept for a day (`once` drops
 * the user's expired keys as it claims a new one).
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    tenantId: uuid("tenant_id").notNull().default(currentTenant),
    userId: uuid("user_id").notNull().default(currentUser),
    action: text("action").notNull(),
    key: uuid("key").notNull(),
    /** HMAC of the request's input (lib/idempotency.ts): the same key with other input is refused. */
    fingerprint: text("fingerprint").notNull(),
    /** What the first request returned; null only inside the transaction that claimed the key. */
    result: jsonb("result"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.userId, t.action, t.key] }),
    pgPolicy("idempotency_keys_own_keys", {
      as: "permissive",
      for: "all",
      to: appRole,
      using: sql`tenant_id = ${currentTenant} and user_id = ${currentUser}`,
      withCheck: sql`tenant_id = ${currentTenant} and user_id = ${currentUser}`,
    }),
  ],
).enableRLS();
