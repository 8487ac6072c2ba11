import "server-only";
import { randomUUID } from "node:crypto";
import { memberships, notificationChannels, tenantRoles, tenants } from "@/db/schema";
import { type Tx, withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { idOfKey, type Keyed, once } from "@/lib/idempotency";
import { ROLE_LABEL, ROLES } from "@/lib/roles";
import { randomSuffix, slugify } from "./slug";

export type CreatedTenant = { id: string; slug: string; name: string };

/** The rows of the four built-in roles every tenant has. */
export function builtinRoles(tenantId: string) {
  return ROLES.map((key) => ({ tenantId, key, name: ROLE_LABEL[key], builtin: true }));
}

/**
 * Inserts a tenant with `ownerId` as its OWNER, inside a transaction whose context is already the
 * new tenant's id. Used by sign-up and by "create tenant".
 */
export async function insertTenantWithOwner(
  tx: Tx,
  params: { id: string; name: string; ownerId: string },
): Promise<CreatedTenant> {
  const base = slugify(params.name);
  for (let attempt = 0; attempt < 6; attempt++) {
    const slug = attempt === 0 ? base : `${base.slice(0, 40)}-${randomSuffix()}`;
    const inserted = await tx
      .insert(tenants)
      .values({ id: params.id, slug, name: params.name, createdBy: params.ownerId, updatedBy: params.ownerId })
      .onConflictDoNothing({ target: tenants.slug })
      .returning({ id: tenants.id, slug: tenants.slug, name: tenants.name });
    const tenant = inserted[0];
    if (!tenant) continue;
    // The built-in roles (their permissions are in code: lib/permissions.ts), then the owner.
    await tx.insert(tenantRoles).values(builtinRoles(tenant.id));
    await tx.insert(memberships).values({
      tenantId: tenant.id,
      userId: params.ownerId,
      role: "OWNER",
      createdBy: params.ownerId,
      updatedBy: params.ownerId,
    });
    // The built-in channels: email and the in-app inbox (admins add webhooks and IM bots).
    await tx.insert(notificationChannels).values([
      { name: "Email", kind: "email", createdBy: params.ownerId, updatedBy: params.ownerId },
      { name: "In-app", kind: "in_app", createdBy: params.ownerId, updatedBy: params.ownerId },
    ]);
    await audit(tx, { action: "tenant.create", targetType: "tenant", targetId: tenant.id, after: tenant });
    await audit(tx, {
      action: "member.add",
      targetType: "member",
      targetId: params.ownerId,
      after: { userId: params.ownerId, role: "OWNER" },
    });
    return tenant;
  }
  throw new Error("could not find a free tenant slug");
}

/**
 * A signed-in user creates another tenant, becoming its OWNER. With the form's idempotency key the
 * new tenant's id comes from user + key, so a repeat opens the same tenant's door, finds the key
 * there and returns the first tenant instead of making a second.
 */
export async function createTenant(
  ctx: { userId: string; ip?: string | null; traceId?: string | null },
  input: { name: string } & Keyed,
): Promise<CreatedTenant> {
  const id = input.idempotencyKey ? idOfKey(ACTION, ctx.userId, input.idempotencyKey) : randomUUID();
  return withTenant({ ...ctx, tenantId: id }, async (tx) => {
    const { result } = await once(tx, ACTION, input, () =>
      insertTenantWithOwner(tx, { id, name: input.name, ownerId: ctx.userId }),
    );
    return result;
  });
}

const ACTION = "tenant.create";
