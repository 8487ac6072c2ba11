import "server-only";
import type { TenantCtx } from "@/db/tenant";
import { ForbiddenError } from "@/lib/errors";
import { msgKey } from "@/lib/i18n/message";
import { can, type Permission, permissionLabelKey } from "@/lib/permissions";
import type { Role } from "@/lib/roles";

/**
 * A signed-in member acting in one tenant: what every tenant operation receives. `permissions`
 * are a custom role's, loaded with the membership (a built-in role's are in code).
 */
export type Actor = TenantCtx & { userId: string; role: Role; permissions?: readonly Permission[] };

/** The server side of `can`: a refusal the user reads (the UI hid the control by the same rule). */
export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor, permission))
    throw new ForbiddenError("common.missing_permission", { permission: msgKey(permissionLabelKey(permission)) });
}
