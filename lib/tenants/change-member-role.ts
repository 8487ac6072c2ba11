import "server-only";
import { and, eq, ne } from "drizzle-orm";
import { findMember } from "@/db/queries/tenancy";
import { memberships } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { NotFoundError, SafeError } from "@/lib/errors";
import { type Actor, requirePermission } from "./actor";
import { requireRole } from "./require-role";

export async function changeMemberRole(actor: Actor, input: { userId: string; role: string }): Promise<void> {
  requirePermission(actor, "members.manage");
  await withTenant(actor, async (tx) => {
    await requireRole(tx, input.role);
    const member = await findMember(tx, input.userId);
    if (!member) throw new NotFoundError("member");
    if (member.role === "OWNER") {
      throw new SafeError("members.owner_role_fixed");
    }
    if (member.role === input.role) return;
    const updated = await tx
      .update(memberships)
      .set({ role: input.role, updatedAt: new Date(), updatedBy: actor.userId })
      .where(and(eq(memberships.userId, input.userId), ne(memberships.role, "OWNER")))
      .returning({ id: memberships.id });
    if (updated.length === 0) throw new SafeError("members.changed_meanwhile");
    await audit(tx, {
      action: "member.role.change",
      targetType: "member",
      targetId: input.userId,
      before: { email: member.email, role: member.role },
      after: { email: member.email, role: input.role },
    });
  });
}
