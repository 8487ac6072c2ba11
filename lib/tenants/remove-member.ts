import "server-only";
import { and, eq, ne } from "drizzle-orm";
import { findMember } from "@/db/queries/tenancy";
import { memberships } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { NotFoundError, SafeError } from "@/lib/errors";
import { type Actor, requirePermission } from "./actor";

/** Removes a member; a member removing themselves leaves the tenant. The OWNER can do neither. */
export async function removeMember(actor: Actor, input: { userId: string }): Promise<{ left: boolean }> {
  const leaving = input.userId === actor.userId;
  if (!leaving) requirePermission(actor, "members.manage");
  return withTenant(actor, async (tx) => {
    const member = await findMember(tx, input.userId);
    if (!member) throw new NotFoundError("member");
    if (member.role === "OWNER") {
      throw new SafeError(leaving ? "members.owner_cannot_leave" : "members.owner_cannot_be_removed");
    }
    const removed = await tx
      .delete(memberships)
      .where(and(eq(memberships.userId, input.userId), ne(memberships.role, "OWNER")))
      .returning({ id: memberships.id });
    if (removed.length === 0) throw new SafeError("members.changed_meanwhile");
    await audit(tx, {
      action: leaving ? "member.leave" : "member.remove",
      targetType: "member",
      targetId: input.userId,
      before: { email: member.email, role: member.role },
    });
    return { left: leaving };
  });
}
