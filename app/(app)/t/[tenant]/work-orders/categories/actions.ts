"use server";

import { revalidatePath } from "next/cache";
import { tenantAction } from "@/lib/safe-action";
import { ZCategory, ZCategoryRef } from "@/lib/validation/work-orders";
import { createCategory, deleteCategory } from "@/lib/work-orders/save-category";

export const createCategoryAction = tenantAction.inputSchema(ZCategory).action(async ({ parsedInput, ctx }) => {
  const row = await createCategory(ctx.actor, parsedInput);
  revalidatePath(`/t/${ctx.tenant.slug}/work-orders`, "layout");
  return { id: row.id, name: row.name, kind: row.kind };
});

export const deleteCategoryAction = tenantAction.inputSchema(ZCategoryRef).action(async ({ parsedInput, ctx }) => {
  await deleteCategory(ctx.actor, { id: parsedInput.id });
  revalidatePath(`/t/${ctx.tenant.slug}/work-orders`, "layout");
});
