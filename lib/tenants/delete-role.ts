import "server-only";
import { and, count, eq, isNull } from "drizzle-orm";
import { invitations, memberships, tenantRoles } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { NotFoundError, SafeError } from "@/lib/errors";
import { type Actor, requirePermission } from "./actor";

/**
 * Deletes a custom role nobody holds. A role members hold, or that a pending invitation grants,
 * is refused with how many: give them another role first. Built-in roles cannot be deleted.
 */
export async function deleteRole(actor: Actor, input: { id: string }): Promise<{ name: string }> {
  requirePermission(actor, "members.manage");
  return withTenant(actor, async (tx) => {
    const [role] = await tx.select().from(tenantRoles).where(eq(tenantRoles.id, input.id)).for("update");
    if (!role) throw new NotFoundError("role");
    if (role.builtin) throw new SafeError("members.builtin_not_deletable");
    const [[held], [invited]] = await Promise.all([
      tx.select({ n: count() }).from(memberships).where(eq(memberships.role, role.key)),
      tx
        .select({ n: count() })
        .from(invitations)
        .where(and(eq(invitations.role, role.key), isNull(invitations.acceptedAt), isNull(invitations.revokedAt))),
    ]);
    const members = held?.n ?? 0;
    const pending = invited?.n ?? 0;
    if (members > 0 || pending > 0) {
      const code =
        members && pending
          ? "members.role_in_use_both"
          : members
            ? "members.role_in_use_members"
            : "members.role_in_use_invitations";
      throw new SafeError(code, { params: { name: role.name, members, pending } });
    }
    await tx.delete(tenantRoles).where(eq(tenantRoles.id, role.id));
    await audit(tx, {
      action: "role.delete",
      targetType: "role",
      targetId: role.id,
      before: { key: role.key, name: role.name, permissions: role.permissions },
    });
    return { name: role.name };
  });
}
