import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { memberships, tenants, users } from "@/db/schema";
import type { Tx } from "@/db/tenant";
import type { Role } from "@/lib/roles";

// Query functions take (tx, params). The transaction's door decides which rows exist at all.

export async function findUserByEmail(tx: Tx, email: string) {
  const [row] = await tx.select().from(users).where(eq(users.email, email.toLowerCase())).limit(1);
  return row ?? null;
}

export async function findUserById(tx: Tx, id: string) {
  const [row] = await tx
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
  return row ?? null;
}

export type TenantSummary = { id: string; slug: string; name: string; role: Role };

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
): Promise<(TenantSummary & { timeZone: string; approvalLinkTtlHours: number }) | null> {
  const [row] = await tx
    .select({
      id: tenants.id,
      slug: tenants.slug,
      name: tenants.name,
      timeZone: tenants.timeZone,
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
