import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { invitations } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { NotFoundError } from "@/lib/errors";
import { type Actor, requirePermission } from "./actor";

/** Withdraws a pending invitation: its link is refused from now on. */
export async function revokeInvitation(
  actor: Actor,
  input: { invitationId: string },
  now = new Date(),
): Promise<{ email: string }> {
  requirePermission(actor, "members.manage");
  return withTenant(actor, async (tx) => {
    const [row] = await tx
      .update(invitations)
      .set({ revokedAt: now, updatedBy: actor.userId, updatedAt: now })
      .where(and(eq(invitations.id, input.invitationId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .returning({ id: invitations.id, email: invitations.email });
    if (!row) throw new NotFoundError("invitation");
    await audit(tx, {
      action: "member.invite.revoke",
      targetType: "invitation",
      targetId: row.id,
      before: { email: row.email, status: "pending" },
      after: { email: row.email, status: "revoked" },
    });
    return { email: row.email };
  });
}
