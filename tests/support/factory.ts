import { randomUUID } from "node:crypto";
import { signUp } from "@/lib/auth/sign-up";
import type { Role } from "@/lib/roles";
import type { Actor } from "@/lib/tenants/actor";
import { actorPermissions } from "@/lib/tenants/actor-permissions";
import { addMember } from "@/lib/tenants/add-member";

/** A fresh user with their own tenant (unique per call, so tests never collide on a shared DB). */
export async function makeOwner(label = "owner") {
  const tag = randomUUID().slice(0, 8);
  const email = `${label}-${tag}@test.opsdesk.dev`;
  const { userId, tenant } = await signUp({
    name: `${label} ${tag}`,
    email,
    password: "correct horse battery",
    tenantName: `Tenant ${tag}`,
  });
  const actor: Actor = { tenantId: tenant.id, userId, role: "OWNER" };
  return { userId, email, tenant, actor };
}

/** A user with their own tenant, then added to `into` with `role`. */
export async function makeMember(into: Actor, role: Exclude<Role, "OWNER">, label = "member") {
  const user = await makeOwner(label);
  await addMember(into, { email: user.email, role });
  // As a request resolves it: a custom role's permissions are loaded with the membership.
  const permissions = await actorPermissions(into.tenantId, user.userId, role);
  const actor: Actor = { tenantId: into.tenantId, userId: user.userId, role, permissions };
  return { ...user, actor };
}
