import { sql } from "drizzle-orm";
import { bigserial, index, jsonb, pgPolicy, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { appRole, currentTenant, currentUser } from "./_rls";

/**
 * Append-only audit log, hash-chained per tenant (trigger in migration 0002). The app role may
 * INSERT and SELECT its tenant's rows; it has no UPDATE or DELETE grant and no policy for them.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    // Defaults come from the transaction's context set by the door (db/tenant.ts).
    tenantId: uuid("tenant_id").notNull().default(currentTenant),
    actorId: uuid("actor_id").default(currentUser),
    actorLabel: text("actor_label"),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id"),
    before: jsonb("before"),
    after: jsonb("after"),
    ip: text("ip").default(sql`nullif(current_setting('app.ip', true), '')`),
    traceId: text("trace_id").default(sql`nullif(current_setting('app.trace_id', true), '')`),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    prevHash: text("prev_hash"),
    hash: text("hash"),
  },
  (t) => [
    index("audit_log_tenant_id_idx").on(t.tenantId, t.id.desc().nullsFirst()),
    index("audit_log_tenant_actor_idx").on(t.tenantId, t.actorId, t.id.desc().nullsFirst()),
    index("audit_log_tenant_action_idx").on(t.tenantId, t.action, t.id.desc().nullsFirst()),
    pgPolicy("audit_log_read", { for: "select", to: appRole, using: sql`tenant_id = ${currentTenant}` }),
    pgPolicy("audit_log_insert", {
      for: "insert",
      to: appRole,
      withCheck: sql`tenant_id = ${currentTenant}`,
    }),
  ],
).enableRLS();
