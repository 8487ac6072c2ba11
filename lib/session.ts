import "server-only";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { findMembershipBySlug, findUserById, listUserTenants } from "@/db/queries/tenancy";
import { withUser } from "@/db/tenant";
import { env } from "@/env";
import { auth } from "@/lib/auth";
import { type RequestMeta, requestMetaOf } from "@/lib/auth/request-meta";
import { loginHref, PATH_HEADER } from "@/lib/auth/return-to";
import type { Actor } from "@/lib/tenants/actor";
import { actorPermissions } from "@/lib/tenants/actor-permissions";
import { zTenantSlug } from "@/lib/validation/tenancy";

export type SessionUser = { id: string; name: string; email: string; locale: string | null };

/** The signed-in user, re-read from the database (a deleted user has no session). */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  return withUser({ userId: id }, (tx) => findUserById(tx, id));
});

export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  // Back to the page asked for after sign-in (proxy.ts passes its path).
  if (!user) redirect(loginHref("/login", (await headers()).get(PATH_HEADER)));
  return user;
}

/** Client address (through trusted proxies only) and a trace id for the audit trail of this request. */
export async function requestMeta(): Promise<RequestMeta> {
  return requestMetaOf(await headers(), env.TRUST_PROXY);
}

export const userTenants = cache(async (userId: string) => withUser({ userId }, (tx) => listUserTenants(tx, userId)));

/**
 * The membership of the user in the tenant named by the route's slug, or null. This is the only
 * way a request gets a tenant id: from the URL, checked against the user's memberships.
 */
export const resolveMembership = cache(async (userId: string, slug: unknown) => {
  const parsed = zTenantSlug.safeParse(slug);
  if (!parsed.success) return null;
  const membership = await withUser({ userId }, (tx) => findMembershipBySlug(tx, { userId, slug: parsed.data }));
  if (!membership) return null;
  return { ...membership, permissions: await actorPermissions(membership.id, userId, membership.role) };
});

/** For tenant pages: the acting member, or a 404 when the user is not a member of that tenant. */
export async function requireTenant(slug: string) {
  const user = await requireUser();
  const membership = await resolveMembership(user.id, slug);
  if (!membership) notFound();
  const meta = await requestMeta();
  const actor: Actor = {
    tenantId: membership.id,
    userId: user.id,
    role: membership.role,
    permissions: membership.permissions,
    ...meta,
  };
  return { user, tenant: membership, actor };
}
