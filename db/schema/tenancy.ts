import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  pgPolicy,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { Permission } from "@/lib/permissions";
import { ROLES } from "@/lib/roles";
import { appRole, auditColumns, currentTenant, currentUser, tenantIsolation } from "./_rls";

export type { Role } from "@/lib/roles";
export { ROLES };

/** Global identities. Not tenant-scoped: a user may belong to many tenants. */
export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash"),
    /** The language pages, emails and notifications reach this user in (lib/i18n/locales.ts); null: the browser's. */
    locale: text("locale"),
    lastLoginAt: timestamp("last_login_at", { withTimezone: true }),
    // OAuth identities, filled when those providers are enabled.
    githubId: text("github_id"),
    gitlabId: text("gitlab_id"),
    giteeId: text("gitee_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("users_email_key").on(sql`lower(${t.email})`),
    check("users_email_lower", sql`${t.email} = lower(${t.email})`),
    check("users_locale", sql`${t.locale} in ('en', 'zh-CN')`),
  ],
);

/**
 * Sign-in attempts per (email, source address) in a 15-minute window, claimed *before* a password
 * is checked (lib/auth/verify-credentials.ts). Keyed by the email as typed (lowercased), not the
 * user, so unknown emails count alike. `source` is '' when the client address is unknown.
 */
export const loginAttempts = pgTable(
  "login_attempts",
  {
    email: text("email").notNull(),
    source: text("source").notNull(),
    attempts: integer("attempts").notNull(),
    windowStartedAt: timestamp("window_started_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.email, t.source] }), index("login_attempts_window_idx").on(t.windowStartedAt)],
);

/**
 * A tenant is visible to the transaction whose context is that tenant, and, before a tenant is
 * chosen, to its members (so a user can list their tenants). Writes only within its own context.
 */
export const tenants = pgTable(
  "tenants",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    timeZone: text("time_zone").notNull().default("UTC"),
    /** The language of notifications to a member with no language of their own, and to channels. */
    defaultLocale: text("default_locale").notNull().default("en"),
    /** How long an emailed approve/reject link stays valid. */
    approvalLinkTtlHours: integer("approval_link_ttl_hours").notNull().default(72),
    ...auditColumns(),
  },
  (t) => [
    uniqueIndex("tenants_slug_key").on(t.slug),
    check("tenants_slug_format", sql`${t.slug} ~ '^[a-z0-9][a-z0-9-]{1,47}$'`),
    check("tenants_approval_link_ttl", sql`${t.approvalLinkTtlHours} between 1 and 720`),
    check("tenants_default_locale", sql`${t.defaultLocale} in ('en', 'zh-CN')`),
    pgPolicy("tenants_own", {
      for: "all",
      to: appRole,
      using: sql`${t.id} = ${currentTenant}`,
      withCheck: sql`${t.id} = ${currentTenant}`,
    }),
    pgPolicy("tenants_member_read", {
      for: "select",
      to: appRole,
      using: sql`${currentTenant} is null and exists (select 1 from memberships m where m.tenant_id = ${t.id} and m.user_id = ${currentUser})`,
    }),
  ],
).enableRLS();

/**
 * The tenant's roles: named sets of permissions (lib/permissions.ts). Every tenant has the four
 * built-in ones (`builtin`, keyed OWNER/ADMIN/MEMBER/VIEWER, their permissions fixed in code and
 * the column left empty) and the custom roles its admins make (a lowercase key from the name).
 */
export const tenantRoles = pgTable(
  "tenant_roles",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    permissions: text("permissions").array().$type<Permission[]>().notNull().default(sql`'{}'::text[]`),
    builtin: boolean("builtin").notNull().default(false),
    ...auditColumns(),
  },
  (t) => [
    uniqueIndex("tenant_roles_key").on(t.tenantId, t.key),
    uniqueIndex("tenant_roles_name").on(t.tenantId, sql`lower(${t.name})`),
    check(
      "tenant_roles_key_shape",
      sql`(${t.builtin} and ${t.key} in ('OWNER','ADMIN','MEMBER','VIEWER')) or (not ${t.builtin} and ${t.key} ~ '^[a-z][a-z0-9-]{0,39}$')`,
    ),
    tenantIsolation("tenant_roles"),
  ],
).enableRLS();

export const memberships = pgTable(
  "memberships",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** A built-in role or a custom role's key: always one of the tenant's `tenant_roles`. */
    role: text("role").notNull(),
    ...auditColumns(),
  },
  (t) => [
    uniqueIndex("memberships_tenant_user_key").on(t.tenantId, t.userId),
    // A role in use cannot be deleted.
    foreignKey({
      name: "memberships_role_fk",
      columns: [t.tenantId, t.role],
      foreignColumns: [tenantRoles.tenantId, tenantRoles.key],
    }).onDelete("restrict"),
    // At most one OWNER per tenant; "at least one" is a deferred constraint trigger (migration 0002).
    uniqueIndex("memberships_one_owner").on(t.tenantId).where(sql`role = 'OWNER'`),
    index("memberships_user_idx").on(t.userId),
    tenantIsolation("memberships"),
    // Before a tenant is chosen (no tenant context), a user may read their own memberships in
    // every tenant, to list and enter their tenants. Inside a tenant, only that tenant's rows.
    pgPolicy("memberships_own_read", {
      for: "select",
      to: appRole,
      using: sql`${currentTenant} is null and ${t.userId} = ${currentUser}`,
    }),
  ],
).enableRLS();
