import "server-only";
import { and, eq } from "drizzle-orm";
import { findMember } from "@/db/queries/tenancy";
import { memberships } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { ForbiddenError, NotFoundError, SafeError } from "@/lib/errors";
import type { Actor } from "./actor";

/** The code of the refusal the loser of two concurrent transfers gets. */
export const OWNERSHIP_CHANGED = "members.ownership_changed";

/**
 * The OWNER hands ownership to another member and becomes ADMIN. Demote first, then promote: the
 * demotion locks the owner row, so of two concurrent transfers the second finds no OWNER row to
 * demote and fails; the database's one-owner index and deferred owner check back this up.
 */
export async function transferOwnership(actor: Actor, input: { userId: string }): Promise<void> {
  if (actor.role !== "OWNER") throw new ForbiddenError("members.only_owner_transfers");
  if (input.userId === actor.userId) throw new SafeError("members.already_owner");
  await withTenant(actor, async (tx) => {
    const target = await findMember(tx, input.userId);
    if (!target) throw new NotFoundError("member");
    const demoted = await tx
      .update(memberships)
      .set({ role: "ADMIN", updatedAt: new Date(), updatedBy: actor.userId })
      .where(and(eq(memberships.userId, actor.userId), eq(memberships.role, "OWNER")))
      .returning({ id: memberships.id });
    if (demoted.length === 0) throw new SafeError(OWNERSHIP_CHANGED);
    const promoted = await tx
      .update(memberships)
      .set({ role: "OWNER", updatedAt: new Date(), updatedBy: actor.userId })
      .where(eq(memberships.userId, input.userId))
      .returning({ id: memberships.id });
    if (promoted.length === 0) throw new NotFoundError("member");
    await audit(tx, {
      action: "tenant.ownership.transfer",
      targetType: "member",
      targetId: input.userId,
      before: { owner: actor.userId, [`role:${target.email}`]: target.role },
      after: { owner: input.userId, [`role:${target.email}`]: "OWNER" },
    });
  });
}
