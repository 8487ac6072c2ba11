"use server";

import { revalidatePath } from "next/cache";
import { tenantAction } from "@/lib/safe-action";
import { ZSaveTemplate } from "@/lib/validation/work-orders";
import { saveTemplate } from "@/lib/work-orders/save-template";

export const saveTemplateAction = tenantAction.inputSchema(ZSaveTemplate).action(async ({ parsedInput, ctx }) => {
  const saved = await saveTemplate(ctx.actor, parsedInput);
  revalidatePath(`/t/${ctx.tenant.slug}/work-orders`, "layout");
  return saved;
});
