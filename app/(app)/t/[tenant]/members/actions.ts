"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { tenantAction } from "@/lib/safe-action";
import { addMember } from "@/lib/tenants/add-member";
import { changeMemberRole } from "@/lib/tenants/change-member-role";
import { removeMember } from "@/lib/tenants/remove-member";
import { transferOwnership } from "@/lib/tenants/transfer-ownership";
import { ZAddMember, ZChangeRole, ZMemberRef } from "@/lib/validation/tenancy";

export const addMemberAction = tenantAction.inputSchema(ZAddMember).action(async ({ parsedInput, ctx }) => {
  const added = await addMember(ctx.actor, parsedInput);
  revalidatePath(`/t/${ctx.tenant.slug}/members`);
  return added;
});

export const changeRoleAction = tenantAction.inputSchema(ZChangeRole).action(async ({ parsedInput, ctx }) => {
  await changeMemberRole(ctx.actor, parsedInput);
  revalidatePath(`/t/${ctx.tenant.slug}/members`);
});

export const removeMemberAction = tenantAction.inputSchema(ZMemberRef).action(async ({ parsedInput, ctx }) => {
  const { left } = await removeMember(ctx.actor, parsedInput);
  if (left) redirect("/");
  revalidatePath(`/t/${ctx.tenant.slug}/members`);
});

export const transferOwnershipAction = tenantAction.inputSchema(ZMemberRef).action(async ({ parsedInput, ctx }) => {
  await transferOwnership(ctx.actor, parsedInput);
  revalidatePath(`/t/${ctx.tenant.slug}`, "layout");
});
