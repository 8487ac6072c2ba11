import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { invitations } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { NotFoundError } from "@/lib/errors";
import { type Actor, requirePermission } from "./actor";
import { newInvitationToken } from "./invitation-links";
import { mailContext, send } from "./invite-member";

/**
 * Sends a pending invitation again with a new link (and a new 7 days): the old link dies at once.
 * Works on an expired invitation too; an accepted or revoked one is not found.
 */
export async function resendInvitation(
  actor: Actor,
  input: { invitationId: string },
  now = new Date(),
): Promise<{ email: string }> {
  requirePermission(actor, "members.manage");
  const invited = await withTenant(actor, async (tx) => {
    const link = newInvitationToken(actor.tenantId, now);
    const [row] = await tx
      .update(invitations)
      .set({ tokenHash: link.tokenHash, expiresAt: link.expiresAt, updatedBy: actor.userId, updatedAt: now })
      .where(and(eq(invitations.id, input.invitationId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .returning();
    if (!row) throw new NotFoundError("invitation");
    await audit(tx, {
      action: "member.invite.resend",
      targetType: "invitation",
      targetId: row.id,
      after: { email: row.email, expiresAt: link.expiresAt.toISOString() },
    });
    return {
      id: row.id,
      email: row.email,
      role: row.role,
      token: link.token,
      mail: await mailContext(tx, actor, row.role, row.email),
    };
  });
  await send(actor.tenantId, invited);
  return { email: invited.email };
}
