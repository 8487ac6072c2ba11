"use server";

import { revalidatePath } from "next/cache";
import { tenantAction } from "@/lib/safe-action";
import { updateTenant } from "@/lib/tenants/update-tenant";
import { ZUpdateTenant } from "@/lib/validation/tenancy";

export const updateTenantAction = tenantAction.inputSchema(ZUpdateTenant).action(async ({ parsedInput, ctx }) => {
  const { tenant: _slug, ...input } = parsedInput;
  await updateTenant(ctx.actor, input);
  revalidatePath(`/t/${ctx.tenant.slug}`, "layout");
});
