import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { findMember, findUserByEmail, roleWord } from "@/db/queries/tenancy";
import { invitations, tenants, users } from "@/db/schema";
import { type Tx, withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { SafeError } from "@/lib/errors";
import { preferredLocale } from "@/lib/i18n/locales";
import { translator } from "@/lib/i18n/translate";
import { type Keyed, once } from "@/lib/idempotency";
import { isBuiltinRole } from "@/lib/permissions";
import { type Actor, requirePermission } from "./actor";
import { mailInvitation, newInvitationToken } from "./invitation-links";
import { requireRole } from "./require-role";

export const MAIL_FAILED = "members.mail_failed";

type Invited = { id: string; email: string; role: string; token: string };

/**
 * Invites an email address to the tenant: an emailed, single-use link valid for 7 days, accepted
 * by signing in or signing up with that address. The answer is the same whether or not an account
 * uses the address (only someone already in this tenant, who is on the members page anyway, is
 * refused). Inviting an address with an open invitation sends a new link and kills the old one.
 * A repeat of the form's idempotency key returns the first answer and sends nothing.
 */
export async function inviteMember(
  actor: Actor,
  input: { email: string; role: string } & Keyed,
  now = new Date(),
): Promise<{ email: string }> {
  requirePermission(actor, "members.manage");
  const email = input.email.toLowerCase();
  const { result, created } = await withTenant(actor, (tx) =>
    once(
      tx,
      "member.invite",
      input,
      async () => {
        await requireRole(tx, input.role);
        const user = await findUserByEmail(tx, email);
        if (user && (await findMember(tx, user.id))) {
          throw new SafeError("members.already_member", { params: { name: email }, field: "email" });
        }
        const link = newInvitationToken(actor.tenantId, now);
        const [open] = await tx
          .select({ id: invitations.id })
          .from(invitations)
          .where(and(eq(invitations.email, email), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
          .for("update");
        const values = {
          role: input.role,
          tokenHash: link.tokenHash,
          expiresAt: link.expiresAt,
          updatedBy: actor.userId,
          updatedAt: now,
        };
        const [row] = open
          ? await tx.update(invitations).set(values).where(eq(invitations.id, open.id)).returning()
          : await tx
              .insert(invitations)
              .values({ ...values, tenantId: actor.tenantId, email, createdBy: actor.userId })
              .returning();
        if (!row) throw new Error("invitation write returned nothing");
        await audit(tx, {
          action: "member.invite",
          targetType: "invitation",
          targetId: row.id,
          after: { email, role: input.role, expiresAt: link.expiresAt.toISOString() },
        });
        return {
          id: row.id,
          email,
          role: input.role,
          token: link.token,
          mail: await mailContext(tx, actor, input.role, email),
        };
      },
      // What a repeat of the key answers: never the link's secret.
      (invited) => ({ email: invited.email }),
    ),
  );
  if (created) await send(actor.tenantId, created);
  return result;
}

/**
 * The email's language and the tenant's, the inviter's and the role's names in it: the language
 * of the account that uses the address, if one does, else the tenant's default language.
 */
export async function mailContext(tx: Tx, actor: Actor, role: string, to: string) {
  const [tenant] = await tx
    .select({ name: tenants.name, defaultLocale: tenants.defaultLocale })
    .from(tenants)
    .where(eq(tenants.id, actor.tenantId));
  const [inviter] = actor.userId
    ? await tx.select({ name: users.name }).from(users).where(eq(users.id, actor.userId))
    : [];
  const recipient = await findUserByEmail(tx, to);
  const locale = preferredLocale(recipient?.locale, tenant?.defaultLocale);
  const t = translator(locale);
  return {
    locale,
    tenantName: tenant?.name ?? "",
    inviterName: inviter?.name ?? t("members.email.someone"),
    roleName: isBuiltinRole(role) ? t(`members.builtin_in_sentence.${role.toLowerCase()}`) : await roleWord(tx, role),
  };
}

/** Mails an invitation after its transaction committed; a failed send is said so, the row stays. */
export async function send(tenantId: string, invited: Invited & { mail: Awaited<ReturnType<typeof mailContext>> }) {
  try {
    await mailInvitation(tenantId, { to: invited.email, token: invited.token, ...invited.mail });
  } catch (error) {
    console.error("[invitations] email not sent", error instanceof Error ? error.message : error);
    throw new SafeError(MAIL_FAILED);
  }
}
