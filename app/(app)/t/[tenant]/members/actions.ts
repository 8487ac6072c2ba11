"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { tenantAction } from "@/lib/safe-action";
import { changeMemberRole } from "@/lib/tenants/change-member-role";
import { deleteRole } from "@/lib/tenants/delete-role";
import { inviteMember } from "@/lib/tenants/invite-member";
import { removeMember } from "@/lib/tenants/remove-member";
import { resendInvitation } from "@/lib/tenants/resend-invitation";
import { revokeInvitation } from "@/lib/tenants/revoke-invitation";
import { saveRole } from "@/lib/tenants/save-role";
import { transferOwnership } from "@/lib/tenants/transfer-ownership";
import { ZInvitationRef } from "@/lib/validation/invitations";
import { ZAddMember, ZChangeRole, ZMemberRef, ZRoleRef, ZSaveRole } from "@/lib/validation/tenancy";

/** Invites by email; the answer is the same whether or not an account uses the address. */
export const inviteMemberAction = tenantAction.inputSchema(ZAddMember).action(async ({ parsedInput, ctx }) => {
  const invited = await inviteMember(ctx.actor, parsedInput);
  revalidatePath(`/t/${ctx.tenant.slug}/members`);
  return invited;
});

export const resendInvitationAction = tenantAction.inputSchema(ZInvitationRef).action(async ({ parsedInput, ctx }) => {
  const sent = await resendInvitation(ctx.actor, parsedInput);
  revalidatePath(`/t/${ctx.tenant.slug}/members`);
  return sent;
});

export const revokeInvitationAction = tenantAction.inputSchema(ZInvitationRef).action(async ({ parsedInput, ctx }) => {
  const revoked = await revokeInvitation(ctx.actor, parsedInput);
  revalidatePath(`/t/${ctx.tenant.slug}/members`);
  return revoked;
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

/** Creates or edits a custom role. */
export const saveRoleAction = tenantAction.inputSchema(ZSaveRole).action(async ({ parsedInput, ctx }) => {
  const saved = await saveRole(ctx.actor, parsedInput);
  revalidatePath(`/t/${ctx.tenant.slug}/members`);
  return saved;
});

export const deleteRoleAction = tenantAction.inputSchema(ZRoleRef).action(async ({ parsedInput, ctx }) => {
  const deleted = await deleteRole(ctx.actor, parsedInput);
  revalidatePath(`/t/${ctx.tenant.slug}/members`);
  return deleted;
});
