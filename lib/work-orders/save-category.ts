import "server-only";
import { and, eq, or } from "drizzle-orm";
import { woCategories, woTemplateVersions } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { NotFoundError, pgConstraint, SafeError } from "@/lib/errors";
import { type Keyed, once } from "@/lib/idempotency";
import { type Actor, requirePermission } from "@/lib/tenants/actor";

export async function createCategory(
  actor: Actor,
  input: { kind: "environment" | "purpose"; name: string } & Keyed,
): Promise<{ id: string; kind: "environment" | "purpose"; name: string }> {
  requirePermission(actor, "categories.manage");
  const { kind, name } = input;
  try {
    return await withTenant(actor, async (tx) => {
      const { result } = await once(tx, "category.create", input, async () => {
        const [row] = await tx
          .insert(woCategories)
          .values({ kind, name, createdBy: actor.userId, updatedBy: actor.userId })
          .returning({ id: woCategories.id, kind: woCategories.kind, name: woCategories.name });
        if (!row) throw new Error("insert returned nothing");
        await audit(tx, { action: "category.create", targetType: "category", targetId: row.id, after: { kind, name } });
        return row;
      });
      return result;
    });
  } catch (error) {
    if (pgConstraint(error) === "wo_categories_name_key") {
      throw new SafeError("work-orders.category_exists", {
        params: { kind: input.kind, name: input.name },
        field: "name",
      });
    }
    throw error;
  }
}

export async function deleteCategory(actor: Actor, input: { id: string }) {
  requirePermission(actor, "categories.manage");
  await withTenant(actor, async (tx) => {
    const [row] = await tx.select().from(woCategories).where(eq(woCategories.id, input.id));
    if (!row) throw new NotFoundError("category");
    const [used] = await tx
      .select({ id: woTemplateVersions.id })
      .from(woTemplateVersions)
      .where(or(eq(woTemplateVersions.environmentId, input.id), eq(woTemplateVersions.purposeId, input.id)))
      .limit(1);
    if (used) throw new SafeError("work-orders.category_in_use", { params: { name: row.name } });
    await tx.delete(woCategories).where(and(eq(woCategories.id, input.id)));
    await audit(tx, {
      action: "category.delete",
      targetType: "category",
      targetId: row.id,
      before: { kind: row.kind, name: row.name },
    });
  });
}
