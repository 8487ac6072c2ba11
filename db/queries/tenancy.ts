import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { memberships, tenantRoles, tenants, users } from "@/db/schema";
import type { Tx } from "@/db/tenant";
import type { Permission } from "@/lib/permissions";
import { type Role, type RoleOption, roleInSentence } from "@/lib/roles";

// Query functions take (tx, params). The transaction's door decides which rows exist at all.

export async function findUserByEmail(tx: Tx, email: string) {
  const [row] = await tx.select().from(users).where(eq(users.email, email.toLowerCase())).limit(1);
  return row ?? null;
}

export async function findUserById(tx: Tx, id: string) {
  const [row] = await tx
    .select({ id: users.id, email: users.email, name: users.name, locale: users.locale })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
  return row ?? null;
}

export type TenantSummary = { id: string; slug: string; name: string; role: Role };

/** A custom role's permissions (none when no such role). */
export async function rolePermissions(tx: Tx, key: string): Promise<Permission[]> {
  const [row] = await tx
    .select({ permissions: tenantRoles.permissions })
    .from(tenantRoles)
    .where(eq(tenantRoles.key, key))
    .limit(1);
  return row?.permissions ?? [];
}

/** A role as a sentence names it ("member", "Release manager"), from the context's tenant's roles. */
export async function roleWord(tx: Tx, key: string): Promise<string> {
  const roles = await tx
    .select({ key: tenantRoles.key, name: tenantRoles.name, builtin: tenantRoles.builtin })
    .from(tenantRoles)
    .where(eq(tenantRoles.key, key));
  return roleInSentence(key, roles);
}

/** Of these role keys, those the context's tenant has no role for. */
export async function unknownRoles(tx: Tx, keys: readonly string[]): Promise<string[]> {
  const wanted = [...new Set(keys)];
  if (wanted.length === 0) return [];
  const found = await tx.select({ key: tenantRoles.key }).from(tenantRoles).where(inArray(tenantRoles.key, wanted));
  const known = new Set(found.map((r) => r.key));
  return wanted.filter((k) => !known.has(k));
}

export type TenantRole = RoleOption & { id: string; description: string; permissions: Permission[]; members: number };

/** The tenant's roles, built-in first (strongest first), then custom ones by name, with how many members hold each. */
export async function listRoles(tx: Tx): Promise<TenantRole[]> {
  return tx
    .select({
      id: tenantRoles.id,
      key: tenantRoles.key,
      name: tenantRoles.name,
      description: tenantRoles.description,
      permissions: tenantRoles.permissions,
      builtin: tenantRoles.builtin,
      members: sql<number>`(select count(*)::int from ${memberships} m where m.role = ${tenantRoles.key})`,
    })
    .from(tenantRoles)
    .orderBy(
      sql`case ${tenantRoles.key} when 'OWNER' then 0 when 'ADMIN' then 1 when 'MEMBER' then 2 when 'VIEWER' then 3 else 4 end`,
      asc(sql`lower(${tenantRoles.name})`),
    );
}

/** The tenants a user belongs to (works without tenant context: the user's own memberships). */
export async function listUserTenants(tx: Tx, userId: string): Promise<TenantSummary[]> {
  return tx
    .select({ id: tenants.id, slug: tenants.slug, name: tenants.name, role: memberships.role })
    .from(memberships)
    .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(tenants.name));
}

/** The user's membership in the tenant with this slug, or null (not a member, or no such tenant). */
export async function findMembershipBySlug(
  tx: Tx,
  params: { userId: string; slug: string },
): Promise<(TenantSummary & { timeZone: string; defaultLocale: string; approvalLinkTtlHours: number }) | null> {
  const [row] = await tx
    .select({
      id: tenants.id,
      slug: tenants.slug,
      name: tenants.name,
      timeZone: tenants.timeZone,
      defaultLocale: tenants.defaultLocale,
      approvalLinkTtlHours: tenants.approvalLinkTtlHours,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
    .where(and(eq(memberships.userId, params.userId), eq(tenants.slug, params.slug)))
    .limit(1);
  return row ?? null;
}

export type MemberRow = {
  userId: string;
  name: string;
  email: string;
  role: Role;
  joinedAt: Date;
};

/** Members of the context's tenant (RLS limits memberships to it). */
export async function listMembers(tx: Tx): Promise<MemberRow[]> {
  return tx
    .select({
      userId: memberships.userId,
      name: users.name,
      email: users.email,
      role: memberships.role,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .orderBy(
      sql`case ${memberships.role} when 'OWNER' then 0 when 'ADMIN' then 1 when 'MEMBER' then 2 else 3 end`,
      asc(users.name),
    );
}

export async function findMember(tx: Tx, userId: string): Promise<MemberRow | null> {
  const [row] = await tx
    .select({
      userId: memberships.userId,
      name: users.name,
      email: users.email,
      role: memberships.role,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.userId, userId))
    .limit(1);
  return row ?? null;
}

/**
 * Which of these users are members of the context's tenant, with name and email. The tenant is
 * RLS's alone to apply: a second, explicit tenant filter makes the planner expect one membership
 * at most (it multiplies the two), and for a team newer than the statistics it then scanned all
 * users once per member (600,000 rows read for 100 members among 6,000 users).
 */
export function membersAmong(tx: Tx, userIds: string[]) {
  return tx
    .select({ id: users.id, name: users.name, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(inArray(memberships.userId, userIds));
}
