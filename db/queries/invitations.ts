import "server-only";
import { and, desc, eq, isNull } from "drizzle-orm";
import { invitations, users } from "@/db/schema";
import type { Tx } from "@/db/tenant";

export type PendingInvitation = {
  id: string;
  email: string;
  role: "ADMIN" | "MEMBER" | "VIEWER";
  expiresAt: Date;
  invitedBy: string | null;
  sentAt: Date;
};

/** The context tenant's invitations not yet accepted or revoked (expired ones too: they can be resent). */
export async function listPendingInvitations(tx: Tx): Promise<PendingInvitation[]> {
  const rows = await tx
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
      invitedBy: users.name,
      sentAt: invitations.updatedAt,
    })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.updatedBy))
    .where(and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
    .orderBy(desc(invitations.updatedAt));
  return rows as PendingInvitation[];
}
