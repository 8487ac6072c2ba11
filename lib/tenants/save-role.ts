import "server-only";
import { eq } from "drizzle-orm";
import { tenantRoles } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { NotFoundError, pgConstraint, SafeError } from "@/lib/errors";
import type { TSaveRole } from "@/lib/validation/tenancy";
import { type Actor, requirePermission } from "./actor";
import { randomSuffix, slugify } from "./slug";

const TAKEN = "members.role_name_taken";

/**
 * Creates or edits a custom role (name, description, permissions). Its key is made once, from the
 * first name, and stays when the role is renamed: memberships, invitations, templates and approval
 * levels refer to it. Built-in roles cannot be edited.
 */
export async function saveRole(actor: Actor, input: Omit<TSaveRole, "tenant">): Promise<{ id: string; key: string }> {
  requirePermission(actor, "members.manage");
  const values = {
    name: input.name,
    description: input.description,
    permissions: [...new Set(input.permissions)].sort(),
    updatedBy: actor.userId,
    updatedAt: new Date(),
  };
  try {
    return await withTenant(actor, async (tx) => {
      if (input.id) {
        const [before] = await tx.select().from(tenantRoles).where(eq(tenantRoles.id, input.id)).for("update");
        if (!before) throw new NotFoundError("role");
        if (before.builtin) throw new SafeError("members.builtin_not_editable");
        await tx.update(tenantRoles).set(values).where(eq(tenantRoles.id, input.id));
        await audit(tx, {
          action: "role.update",
          targetType: "role",
          targetId: before.id,
          before: { name: before.name, description: before.description, permissions: before.permissions },
          after: { name: values.name, description: values.description, permissions: values.permissions },
        });
        return { id: before.id, key: before.key };
      }
      const key = (slugify(input.name).replace(/^[^a-z]+/, "") || "role").slice(0, 32).replace(/-+$/, "");
      const [created] = await tx
        .insert(tenantRoles)
        .values({ ...values, tenantId: actor.tenantId, key, builtin: false, createdBy: actor.userId })
        .onConflictDoNothing({ target: [tenantRoles.tenantId, tenantRoles.key] })
        .returning({ id: tenantRoles.id, key: tenantRoles.key });
      // Two names can share a key ("Ops!" and "ops"): the second gets a suffix.
      const row =
        created ??
        (
          await tx
            .insert(tenantRoles)
            .values({
              ...values,
              tenantId: actor.tenantId,
              key: `${key}-${randomSuffix()}`,
              builtin: false,
              createdBy: actor.userId,
            })
            .returning({ id: tenantRoles.id, key: tenantRoles.key })
        )[0];
      if (!row) throw new Error("the role was not written");
      await audit(tx, {
        action: "role.create",
        targetType: "role",
        targetId: row.id,
        after: { key: row.key, name: values.name, permissions: values.permissions },
      });
      return row;
    });
  } catch (error) {
    if (pgConstraint(error) === "tenant_roles_name") throw new SafeError(TAKEN, { field: "name" });
    throw error;
  }
}
