"use server";

import { redirect } from "next/navigation";
import { authAction } from "@/lib/safe-action";
import { acceptInvitation } from "@/lib/tenants/accept-invitation";
import { ZAcceptInvitation } from "@/lib/validation/invitations";

/** A signed-in user accepts an invitation sent to their address, and lands in its tenant. */
export const acceptInvitationAction = authAction.inputSchema(ZAcceptInvitation).action(async ({ parsedInput, ctx }) => {
  const { tenantSlug } = await acceptInvitation(parsedInput.invite, ctx.user, ctx.meta);
  redirect(`/t/${tenantSlug}`);
});
