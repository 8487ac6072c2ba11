import { sql } from "drizzle-orm";
import { pgPolicy, pgRole, timestamp, uuid } from "drizzle-orm/pg-core";

/** The non-superuser role every request acts as (created in migration 0000). */
export const appRole = pgRole("opsdesk_app").existing();

/** `app.tenant_id` of the current transaction, or NULL when no tenant context is set. */
export const currentTenant = sql`nullif(current_setting('app.tenant_id', true), '')::uuid`;
/** `app.user_id` of the current transaction, or NULL. */
export const currentUser = sql`nullif(current_setting('app.user_id', true), '')::uuid`;

/**
 * The one policy of every tenant-scoped table: rows of the context's tenant only, for reads and
 * writes alike. No context → NULL → zero rows. (FORCE RLS is set in a custom migration.)
 */
export function tenantIsolation(name: string) {
  return pgPolicy(`${name}_tenant_isolation`, {
    as: "permissive",
    for: "all",
    to: appRole,
    using: sql`tenant_id = ${currentTenant}`,
    withCheck: sql`tenant_id = ${currentTenant}`,
  });
}

/** `timestamp with time zone` column. */
export const ts = (name: string) => timestamp(name, { withTimezone: true });

export const auditColumns = () => ({
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  createdBy: uuid("created_by"),
  updatedBy: uuid("updated_by"),
});
