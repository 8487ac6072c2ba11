import { randomUUID } from "node:crypto";
import { desc, eq, sql } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { listPendingInvitations } from "@/db/queries/invitations";
import { listMembers } from "@/db/queries/tenancy";
import { invitations, mailOutbox } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import { acceptInvitation, signUpWithInvitation } from "@/lib/tenants/accept-invitation";
import type { Actor } from "@/lib/tenants/actor";
import { loadInvitation } from "@/lib/tenants/invitation-links";
import { inviteMember } from "@/lib/tenants/invite-member";
import { resendInvitation } from "@/lib/tenants/resend-invitation";
import { revokeInvitation } from "@/lib/tenants/revoke-invitation";
import { makeMember, makeOwner } from "../../support/factory";

/** The token of the newest invitation mail to `to` (from the outbox: no SMTP in tests). */
async function tokenMailedTo(actor: Actor, to: string): Promise<string> {
  const [mail] = await withTenant(actor, (tx) =>
    tx.select().from(mailOutbox).where(eq(mailOutbox.to, to)).orderBy(desc(mailOutbox.createdAt)).limit(1),
  );
  const token = mail?.text.match(/\/invite\/([^\s]+)/)?.[1];
  if (!token) throw new Error(`no invitation mail to ${to}`);
  return token;
}

const newcomer = () => `new-${randomUUID().slice(0, 8)}@test.opsdesk.dev`;

describe("invitations", () => {
  test("invite an address without an account, accept by sign-up: a member with the invited role, audited", async () => {
    const o = await makeOwner();
    const email = newcomer();
    expect(await inviteMember(o.actor, { email, role: "VIEWER" })).toEqual({ email });
    const pending = await withTenant(o.actor, (tx) => listPendingInvitations(tx));
    expect(pending).toEqual([expect.objectContaining({ email, role: "VIEWER" })]);

    const token = await tokenMailedTo(o.actor, email);
    expect(await loadInvitation(token)).toMatchObject({ ok: true, email, tenantName: o.tenant.name });
    const joined = await signUpWithInvitation({ name: "New Person", email, password: "a long password" }, token);
    expect(joined.tenantSlug).toBe(o.tenant.slug);

    const members = await withTenant(o.actor, (tx) => listMembers(tx));
    expect(members.find((m) => m.email === email)).toMatchObject({ role: "VIEWER", userId: joined.userId });
    expect(await withTenant(o.actor, (tx) => listPendingInvitations(tx))).toEqual([]);
    expect((await verifyCredentials(email, "a long password")).status).toBe("ok");

    const { listAudit } = await import("@/db/queries/audit");
    const actions = (await withTenant(o.actor, (tx) => listAudit(tx, {}))).rows.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(["member.invite", "member.join"]));
  });

  test("an existing account accepts by signing in; the answer to the inviter is the same as for a stranger", async () => {
    const o = await makeOwner();
    const existing = await makeOwner("existing");
    const stranger = newcomer();
    const a = await inviteMember(o.actor, { email: existing.email, role: "MEMBER" });
    const b = await inviteMember(o.actor, { email: stranger, role: "MEMBER" });
    expect(Object.keys(a)).toEqual(Object.keys(b));
    const token = await tokenMailedTo(o.actor, existing.email);
    expect(await acceptInvitation(token, { id: existing.userId, email: existing.email })).toEqual({
      tenantSlug: o.tenant.slug,
    });
    const members = await withTenant(o.actor, (tx) => listMembers(tx));
    expect(members.find((m) => m.userId === existing.userId)?.role).toBe("MEMBER");
  });

  test("a used link, a revoked link, an expired link and a resent invitation's old link are refused", async () => {
    const o = await makeOwner();
    const user = await makeOwner("joiner");
    const me = { id: user.userId, email: user.email };

    // Reused.
    await inviteMember(o.actor, { email: user.email, role: "MEMBER" });
    const used = await tokenMailedTo(o.actor, user.email);
    await acceptInvitation(used, me);
    await expect(acceptInvitation(used, me)).rejects.toThrow(/already accepted/);

    // Revoked.
    const r = newcomer();
    await inviteMember(o.actor, { email: r, role: "MEMBER" });
    const revoked = await tokenMailedTo(o.actor, r);
    const [pending] = await withTenant(o.actor, (tx) => listPendingInvitations(tx));
    await revokeInvitation(o.actor, { invitationId: pending?.id as string });
    expect(await loadInvitation(revoked)).toMatchObject({ ok: false, dead: { state: "revoked" } });
    await expect(signUpWithInvitation({ name: "R", email: r, password: "a long password" }, revoked)).rejects.toThrow(
      /withdrawn/,
    );
    expect((await verifyCredentials(r, "a long password")).status).toBe("invalid"); // no account was made

    // Expired.
    const x = newcomer();
    await inviteMember(o.actor, { email: x, role: "MEMBER" });
    const expired = await tokenMailedTo(o.actor, x);
    await withTenant(o.actor, (tx) =>
      tx.update(invitations).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(invitations.email, x)),
    );
    await expect(signUpWithInvitation({ name: "X", email: x, password: "a long password" }, expired)).rejects.toThrow(
      /expired/,
    );

    // Resent: a new link (and new 7 days); the old one is dead.
    const [stale] = (await withTenant(o.actor, (tx) => listPendingInvitations(tx))).filter((i) => i.email === x);
    await resendInvitation(o.actor, { invitationId: stale?.id as string });
    const fresh = await tokenMailedTo(o.actor, x);
    expect(fresh).not.toBe(expired);
    expect(await loadInvitation(expired)).toMatchObject({ ok: false, dead: { state: "invalid" } });
    await signUpWithInvitation({ name: "X", email: x, password: "a long password" }, fresh);

    // Forged.
    await expect(acceptInvitation(`${o.tenant.id}.${"A".repeat(43)}`, me)).rejects.toThrow(/not valid/);
    const audit = await import("@/db/queries/audit");
    const actions = (await withTenant(o.actor, (tx) => audit.listAudit(tx, {}))).rows.map((row) => row.action);
    expect(actions).toEqual(expect.arrayContaining(["member.invite.revoke", "member.invite.resend"]));
  });

  test("a link sent to one address cannot be accepted by another account", async () => {
    const o = await makeOwner();
    const invited = newcomer();
    await inviteMember(o.actor, { email: invited, role: "ADMIN" });
    const token = await tokenMailedTo(o.actor, invited);
    const other = await makeOwner("other");
    await expect(acceptInvitation(token, { id: other.userId, email: other.email })).rejects.toThrow(
      /This invitation is for/,
    );
    expect((await withTenant(o.actor, (tx) => listMembers(tx))).map((m) => m.userId)).not.toContain(other.userId);
  });

  test("another tenant cannot see, resend or revoke our invitations; members cannot invite", async () => {
    const o = await makeOwner();
    const email = newcomer();
    await inviteMember(o.actor, { email, role: "MEMBER" });
    const [ours] = await withTenant(o.actor, (tx) => listPendingInvitations(tx));
    const them = await makeOwner("them");
    expect(await withTenant(them.actor, (tx) => listPendingInvitations(tx))).toEqual([]);
    await expect(revokeInvitation(them.actor, { invitationId: ours?.id as string })).rejects.toThrow(/not found/);
    await expect(resendInvitation(them.actor, { invitationId: ours?.id as string })).rejects.toThrow(/not found/);
    expect(await withTenant(o.actor, (tx) => listPendingInvitations(tx))).toHaveLength(1);
    // The token names our tenant: opening it in theirs is not possible (the tenant comes from the token).
    const m = await makeMember(o.actor, "MEMBER");
    await expect(inviteMember(m.actor, { email: newcomer(), role: "MEMBER" })).rejects.toThrow(
      /You need the “Manage members and roles” permission/,
    );
  });

  test("inviting someone already in the tenant is refused on the email field; re-inviting replaces the link", async () => {
    const o = await makeOwner();
    const m = await makeMember(o.actor, "MEMBER");
    await expect(inviteMember(o.actor, { email: m.email, role: "ADMIN" })).rejects.toMatchObject({
      field: "email",
      message: expect.stringMatching(/already a member/),
    });
    const email = newcomer();
    await inviteMember(o.actor, { email, role: "MEMBER" });
    const first = await tokenMailedTo(o.actor, email);
    await inviteMember(o.actor, { email, role: "ADMIN" });
    const second = await tokenMailedTo(o.actor, email);
    expect(await loadInvitation(first)).toMatchObject({ ok: false });
    expect(await loadInvitation(second)).toMatchObject({ ok: true, role: "ADMIN" });
    expect(await withTenant(o.actor, (tx) => listPendingInvitations(tx))).toHaveLength(1);
  });
});

describe("accepting from the sign-in form of an invitation link", () => {
  test("the account that signed in with the invited email joins; a wrong email joins nobody", async () => {
    const { acceptInvitationAfterSignIn } = await import("@/lib/tenants/accept-invitation");
    const o = await makeOwner();
    const mate = await makeOwner("mate");
    await inviteMember(o.actor, { email: mate.email, role: "ADMIN" });
    const token = await tokenMailedTo(o.actor, mate.email);
    await expect(acceptInvitationAfterSignIn(token, `nobody-${mate.email}`)).rejects.toThrow(/not valid/);
    expect(await acceptInvitationAfterSignIn(token, mate.email)).toEqual({ tenantSlug: o.tenant.slug });
    const members = await withTenant(o.actor, (tx) => listMembers(tx));
    expect(members.find((m) => m.userId === mate.userId)?.role).toBe("ADMIN");
    const { listAudit } = await import("@/db/queries/audit");
    const join = (await withTenant(o.actor, (tx) => listAudit(tx, {}))).rows.find((r) => r.action === "member.join");
    expect(join?.actorId).toBe(mate.userId);
  });
});

describe("a repeated invite form", () => {
  test("the same idempotency key answers the first invitation and sends no second email", async () => {
    const o = await makeOwner();
    const email = newcomer();
    const idempotencyKey = randomUUID();
    const first = await inviteMember(o.actor, { email, role: "MEMBER", idempotencyKey });
    const again = await inviteMember(o.actor, { email, role: "MEMBER", idempotencyKey });
    expect(again).toEqual(first);
    const mails = await withTenant(o.actor, (tx) => tx.select().from(mailOutbox).where(eq(mailOutbox.to, email)));
    expect(mails).toHaveLength(1);
    // The stored answer of the key never holds the link's secret.
    const token = await tokenMailedTo(o.actor, email);
    const { idempotencyKeys } = await import("@/db/schema");
    const keys = await withTenant(o.actor, (tx) => tx.select().from(idempotencyKeys));
    expect(JSON.stringify(keys)).not.toContain(token.split(".")[1]);
  });
});
