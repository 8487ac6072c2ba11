import "server-only";
import { eq } from "drizzle-orm";
import { findUserByEmail } from "@/db/queries/tenancy";
import { invitations, memberships, tenants, users } from "@/db/schema";
import { setActor, type Tx, withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { hashPassword } from "@/lib/auth/password";
import { EMAIL_TAKEN } from "@/lib/auth/sign-up";
import { pgConstraint, SafeError } from "@/lib/errors";
import { checkInvitation, INVALID_INVITATION, type InvitationRow, parseInvitationToken } from "./invitation-links";

type Meta = { ip?: string | null; traceId?: string | null };

/** The open invitation behind `token`, locked, in its tenant's transaction; refused when dead. */
async function openInvitation(tx: Tx, secret: string, email: string, now: Date): Promise<InvitationRow> {
  const checked = await checkInvitation(tx, secret, now, { forUpdate: true });
  if (!checked.invitation || checked.dead) throw new SafeError(checked.dead?.code ?? INVALID_INVITATION);
  if (checked.invitation.email !== email.toLowerCase()) {
    throw new SafeError("members.invitation_other_email", {
      params: { email: checked.invitation.email },
      field: "email",
    });
  }
  return checked.invitation;
}

/** Makes the user a member (if not already), marks the invitation used, audits: one transaction. */
async function join(tx: Tx, invitation: InvitationRow, user: { id: string; email: string }, now: Date) {
  await tx
    .insert(memberships)
    .values({
      tenantId: invitation.tenantId,
      userId: user.id,
      role: invitation.role,
      createdBy: user.id,
      updatedBy: user.id,
    })
    .onConflictDoNothing();
  await tx
    .update(invitations)
    .set({ acceptedAt: now, acceptedBy: user.id, updatedAt: now })
    .where(eq(invitations.id, invitation.id));
  await audit(tx, {
    action: "member.join",
    targetType: "member",
    targetId: user.id,
    after: { email: user.email, role: invitation.role, invitationId: invitation.id },
  });
  const [tenant] = await tx.select({ slug: tenants.slug }).from(tenants).where(eq(tenants.id, invitation.tenantId));
  return { tenantSlug: tenant?.slug ?? "" };
}

/** A signed-in user accepts an invitation sent to their email address; returns the tenant's slug. */
export async function acceptInvitation(
  token: string,
  user: { id: string; email: string },
  meta: Meta = {},
  now = new Date(),
): Promise<{ tenantSlug: string }> {
  const parsed = parseInvitationToken(token);
  if (!parsed) throw new SafeError(INVALID_INVITATION);
  return withTenant({ tenantId: parsed.tenantId, userId: user.id, ...meta }, async (tx) =>
    join(tx, await openInvitation(tx, parsed.secret, user.email, now), user, now),
  );
}

/**
 * Accepts for the account that has just signed in with `email` (the credentials were checked by
 * the sign-in right before; call it only then). The sign-in form of an invitation link uses it.
 */
export async function acceptInvitationAfterSignIn(
  token: string,
  email: string,
  meta: Meta = {},
  now = new Date(),
): Promise<{ tenantSlug: string }> {
  const parsed = parseInvitationToken(token);
  if (!parsed) throw new SafeError(INVALID_INVITATION);
  return withTenant({ tenantId: parsed.tenantId, userId: null, ...meta }, async (tx) => {
    const user = await findUserByEmail(tx, email);
    if (!user) throw new SafeError(INVALID_INVITATION);
    await setActor(tx, user.id);
    return join(tx, await openInvitation(tx, parsed.secret, user.email, now), user, now);
  });
}

/**
 * Sign-up through an invitation: the account and its membership of the inviting tenant in one
 * transaction (no first tenant of their own: they can create one later). The email must be the
 * invited one; a taken email is told to sign in instead (the sign-up form always says so).
 */
export async function signUpWithInvitation(
  input: { name: string; email: string; password: string },
  token: string,
  meta: Meta = {},
  now = new Date(),
): Promise<{ userId: string; tenantSlug: string }> {
  const parsed = parseInvitationToken(token);
  if (!parsed) throw new SafeError(INVALID_INVITATION);
  const passwordHash = await hashPassword(input.password);
  try {
    return await withTenant({ tenantId: parsed.tenantId, userId: null, ...meta }, async (tx) => {
      const invitation = await openInvitation(tx, parsed.secret, input.email, now);
      const [user] = await tx
        .insert(users)
        .values({ email: input.email.toLowerCase(), name: input.name, passwordHash })
        .returning({ id: users.id, email: users.email });
      if (!user) throw new Error("user insert returned nothing");
      await setActor(tx, user.id);
      const { tenantSlug } = await join(tx, invitation, user, now);
      return { userId: user.id, tenantSlug };
    });
  } catch (error) {
    if (pgConstraint(error) === "users_email_key") throw new SafeError(EMAIL_TAKEN, { field: "email" });
    throw error;
  }
}
