import { sql } from "drizzle-orm";
import { check, foreignKey, index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { auditColumns, tenantIsolation, ts } from "./_rls";
import { tenantRoles, tenants, users } from "./tenancy";

/**
 * An emailed invitation to join a tenant (lib/tenants/invitations.ts). Only the sha256 of the
 * link's secret is stored; a resend replaces it (the old link dies). Pending while not accepted,
 * not revoked and not expired; one pending invitation per email and tenant.
 */
export const invitations = pgTable(
  "invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    /** A built-in role but OWNER, or a custom role's key. */
    role: text("role").notNull(),
    tokenHash: text("token_hash").notNull(),
    expiresAt: ts("expires_at").notNull(),
    acceptedAt: ts("accepted_at"),
    acceptedBy: uuid("accepted_by").references(() => users.id, { onDelete: "set null" }),
    revokedAt: ts("revoked_at"),
    ...auditColumns(),
  },
  (t) => [
    uniqueIndex("invitations_token_hash_key").on(t.tokenHash),
    uniqueIndex("invitations_one_open").on(t.tenantId, t.email).where(sql`accepted_at is null and revoked_at is null`),
    index("invitations_tenant_created_idx").on(t.tenantId, t.createdAt),
    check("invitations_role_invitable", sql`${t.role} <> 'OWNER'`),
    foreignKey({
      name: "invitations_role_fk",
      columns: [t.tenantId, t.role],
      foreignColumns: [tenantRoles.tenantId, tenantRoles.key],
    }).onDelete("cascade"),
    check("invitations_email_lower", sql`${t.email} = lower(${t.email})`),
    tenantIsolation("invitations"),
  ],
).enableRLS();
