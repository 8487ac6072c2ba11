import "server-only";
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { roleWord } from "@/db/queries/tenancy";
import { invitations, tenants, users } from "@/db/schema";
import { type Tx, withTenant } from "@/db/tenant";
import { appUrl } from "@/lib/app-url";
import { hashSecret, parseLinkToken } from "@/lib/approvals/approval-links";
import { translator } from "@/lib/i18n/translate";
import { escapeHtml } from "@/lib/mail/approval-email";
import { type Mail, sendMail } from "@/lib/mail/send-mail";
import type { Role } from "@/lib/roles";

/**
 * Emailed invitation links, built as approval links are (lib/approvals/approval-links.ts): the
 * token is `<tenantId>.<secret>`, the tenant id only selects whose rows RLS shows, the secret is
 * 32 random bytes of which only the sha256 is stored. A link works while its invitation is not
 * accepted, not revoked and not expired; a resend stores a new hash, so the old link dies.
 */

export const INVITATION_DAYS = 7;

export type InvitationRow = typeof invitations.$inferSelect;

/** Why a link cannot be used, and the code of what the reader is told (`members.invitation_*`). */
export type DeadInvitation = { state: "invalid" | "expired" | "revoked" | "used"; code: string };

export const INVALID_INVITATION = "members.invitation_invalid";

/** A fresh secret and its expiry; the caller stores `tokenHash` and mails `token`. */
export function newInvitationToken(tenantId: string, now = new Date()) {
  const secret = randomBytes(32).toString("base64url");
  return {
    token: `${tenantId}.${secret}`,
    tokenHash: hashSecret(secret),
    expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86_400_000),
  };
}

export function invitationUrl(token: string): string {
  return appUrl(`/invite/${token}`);
}

/** The `?invite=` of the sign-in and sign-up pages, when it has a token's shape (else null). */
export function inviteParam(value: string | string[] | undefined): string | null {
  return typeof value === "string" && parseLinkToken(value) ? value : null;
}

export function parseInvitationToken(token: string) {
  return parseLinkToken(token);
}

/** The invitation behind a secret (locked when `forUpdate`) and why it cannot be used, if so. */
export async function checkInvitation(
  tx: Tx,
  secret: string,
  now: Date,
  opts: { forUpdate?: boolean } = {},
): Promise<{ invitation: InvitationRow; dead: DeadInvitation | null } | { invitation: null; dead: DeadInvitation }> {
  const query = tx
    .select()
    .from(invitations)
    .where(eq(invitations.tokenHash, hashSecret(secret)));
  const [invitation] = opts.forUpdate ? await query.for("update") : await query;
  if (!invitation) return { invitation: null, dead: { state: "invalid", code: INVALID_INVITATION } };
  if (invitation.acceptedAt) return { invitation, dead: { state: "used", code: "members.invitation_used" } };
  if (invitation.revokedAt) return { invitation, dead: { state: "revoked", code: "members.invitation_revoked" } };
  if (invitation.expiresAt.getTime() <= now.getTime())
    return { invitation, dead: { state: "expired", code: "members.invitation_expired" } };
  return { invitation, dead: null };
}

export type InvitationView =
  | { ok: true; tenantName: string; email: string; role: Role; roleName: string; inviterName: string; expiresAt: Date }
  | { ok: false; dead: DeadInvitation };

/** What the invitation page shows. Only reads (a mail scanner's GET changes nothing). */
export async function loadInvitation(token: string, now = new Date()): Promise<InvitationView> {
  const parsed = parseInvitationToken(token);
  if (!parsed) return { ok: false, dead: { state: "invalid", code: INVALID_INVITATION } };
  return withTenant({ tenantId: parsed.tenantId, userId: null }, async (tx) => {
    const checked = await checkInvitation(tx, parsed.secret, now);
    if (!checked.invitation || checked.dead) return { ok: false, dead: checked.dead as DeadInvitation };
    const { invitation } = checked;
    const [tenant] = await tx.select({ name: tenants.name }).from(tenants).where(eq(tenants.id, invitation.tenantId));
    const [inviter] = invitation.updatedBy
      ? await tx.select({ name: users.name }).from(users).where(eq(users.id, invitation.updatedBy))
      : [];
    return {
      ok: true,
      tenantName: tenant?.name ?? "",
      email: invitation.email,
      role: invitation.role,
      roleName: await roleWord(tx, invitation.role),
      inviterName: inviter?.name ?? "Someone",
      expiresAt: invitation.expiresAt,
    };
  });
}

/** The invitation email, in `locale` (the recipient's): who invites, to what, and the link (valid INVITATION_DAYS days). */
export function invitationEmail(input: {
  to: string;
  tenantName: string;
  inviterName: string;
  /** The role as the sentence names it, in `locale` ("member", 成员, a custom role's name). */
  roleName: string;
  url: string;
  locale?: string | null;
}): Mail {
  const t = translator(input.locale);
  const names = { inviter: input.inviterName, tenant: input.tenantName, role: input.roleName };
  const subject = t("members.email.subject", names);
  const intro = t("members.email.intro", names);
  const accept = t("members.email.accept");
  const expiry = t("members.email.expiry", { days: INVITATION_DAYS });
  const text = [intro, "", `${accept}: ${input.url}`, "", expiry].join("\n");
  const e = escapeHtml;
  // The tenant's name in bold: the intro is written around a mark, escaped, then the mark replaced.
  const mark = "\u0000tenant\u0000";
  const boldIntro = e(t("members.email.intro", { ...names, tenant: mark })).replace(
    mark,
    `<strong>${e(input.tenantName)}</strong>`,
  );
  const html = `<p>${boldIntro}</p>
<p><a href="${e(input.url)}">${e(accept)}</a></p>
<p>${e(expiry)}</p>`;
  return { to: input.to, subject, text, html };
}

/** Sends an invitation's email (after its transaction committed), in `locale`. */
export async function mailInvitation(
  tenantId: string,
  input: { to: string; tenantName: string; inviterName: string; roleName: string; token: string; locale: string },
): Promise<void> {
  await sendMail(tenantId, invitationEmail({ ...input, url: invitationUrl(input.token) }));
}
