import "server-only";
import { findMember, findUserByEmail } from "@/db/queries/tenancy";
import { memberships } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { SafeError } from "@/lib/errors";
import { type Keyed, once } from "@/lib/idempotency";
import { type Actor, requirePermission } from "./actor";
import { requireRole } from "./require-role";

/**
 * Adds an existing account as a member at once, for the seed and tests only: its refusal says
 * whether an account uses the email, so no action exposes it. People join through invitations
 * (invite-member.ts, accept-invitation.ts). A repeat of the idempotency key returns the first add.
 */
export async function addMember(
  actor: Actor,
  input: { email: string; role: string } & Keyed,
): Promise<{ userId: string; name: string }> {
  requirePermission(actor, "members.manage");
  return withTenant(
    actor,
    async (tx) =>
      (
        await once(tx, "member.add", input, async () => {
          await requireRole(tx, input.role);
          const user = await findUserByEmail(tx, input.email);
          if (!user) {
            throw new SafeError("members.no_account", { field: "email" });
          }
          if (await findMember(tx, user.id)) {
            throw new SafeError("members.already_member", { params: { name: user.name }, field: "email" });
          }
          await tx.insert(memberships).values({
            tenantId: actor.tenantId,
            userId: user.id,
            role: input.role,
            createdBy: actor.userId,
            updatedBy: actor.userId,
          });
          await audit(tx, {
            action: "member.add",
            targetType: "member",
            targetId: user.id,
            after: { email: user.email, role: input.role },
          });
          return { userId: user.id, name: user.name };
        })
      ).result,
  );
}
