"use server";

import { revalidatePath } from "next/cache";
import { saveFlow } from "@/lib/approvals/save-flow";
import { tenantAction } from "@/lib/safe-action";
import { ZSaveFlow } from "@/lib/validation/approvals";

export const saveFlowAction = tenantAction.inputSchema(ZSaveFlow).action(async ({ parsedInput, ctx }) => {
  const saved = await saveFlow(ctx.actor, parsedInput);
  revalidatePath(`/t/${ctx.tenant.slug}/approvals/flows`, "layout");
  return saved;
});
