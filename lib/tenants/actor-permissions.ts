import "server-only";
import { rolePermissions } from "@/db/queries/tenancy";
import { withTenant } from "@/db/tenant";
import { isBuiltinRole, type Permission } from "@/lib/permissions";

/**
 * What an actor's `permissions` are, from their membership's role: none to load for a built-in
 * role (its permissions are in code), a custom role's as stored, read inside the tenant.
 */
export async function actorPermissions(
  tenantId: string,
  userId: string,
  role: string,
): Promise<readonly Permission[] | undefined> {
  if (isBuiltinRole(role)) return undefined;
  return withTenant({ tenantId, userId }, (tx) => rolePermissions(tx, role));
}
