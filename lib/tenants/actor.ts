import "server-only";
import type { TenantCtx } from "@/db/tenant";
import { ForbiddenError } from "@/lib/errors";
import { can, type Permission, type Role } from "@/lib/roles";

/** A signed-in member acting in one tenant: what every tenant operation receives. */
export type Actor = TenantCtx & { userId: string; role: Role };

export function requirePermission(actor: Actor, permission: Permission, message?: string): void {
  if (!can(actor.role, permission)) throw new ForbiddenError(message);
}
