import { randomUUID } from "node:crypto";
import { desc, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { mailOutbox, tenants } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import type { Actor } from "@/lib/tenants/actor";
import { inviteMember } from "@/lib/tenants/invite-member";
import { resendInvitation } from "@/lib/tenants/resend-invitation";
import { setLocale } from "@/lib/users/set-locale";
import { makeOwner } from "../../support/factory";

/** The newest mail to `to` (the outbox: no SMTP in tests). */
async function mailTo(actor: Actor, to: string) {
  const [mail] = await withTenant(actor, (tx) =>
    tx.select().from(mailOutbox).where(eq(mailOutbox.to, to)).orderBy(desc(mailOutbox.createdAt)).limit(1),
  );
  if (!mail) throw new Error(`no mail to ${to}`);
  return mail;
}

const stranger = () => `new-${randomUUID().slice(0, 8)}@test.opsdesk.dev`;

describe("the invitation email's language", () => {
  test("an address whose account reads 简体中文 is invited in Chinese, the role named in Chinese; a resend too", async () => {
    const o = await makeOwner("inviter");
    const zh = await makeOwner("zh-invitee");
    await setLocale({ userId: zh.userId }, { locale: "zh-CN" });

    await inviteMember(o.actor, { email: zh.email, role: "VIEWER" });
    const mail = await mailTo(o.actor, zh.email);
    expect(mail.subject).toMatch(/邀请你加入 Opsdesk 上的 /);
    expect(mail.subject).toContain(o.tenant.name);
    expect(mail.text).toContain("以只读成员身份加入");
    expect(mail.text).toMatch(/接受邀请: \S+\/invite\//);
    expect(mail.text).toContain("7 天后失效");
    expect(mail.html).toContain(`<strong>${o.tenant.name}</strong>`);

    const [row] = await withTenant(o.actor, (tx) => tx.query.invitations.findMany());
    await resendInvitation(o.actor, { invitationId: row?.id as string });
    expect((await mailTo(o.actor, zh.email)).subject).toMatch(/邀请你加入/);
  });

  test("an address without an account is invited in the tenant's default language", async () => {
    const o = await makeOwner("inviter");
    const first = stranger();
    await inviteMember(o.actor, { email: first, role: "MEMBER" });
    const english = await mailTo(o.actor, first);
    expect(english.subject).toMatch(/ invited you to .* on Opsdesk$/);
    expect(english.text).toContain("on Opsdesk as member.");
    expect(english.text).toMatch(/Accept the invitation: \S+\/invite\//);
    expect(english.text).toContain("expires in 7 days");

    await withTenant(o.actor, (tx) =>
      tx.update(tenants).set({ defaultLocale: "zh-CN" }).where(eq(tenants.id, o.tenant.id)),
    );
    const second = stranger();
    await inviteMember(o.actor, { email: second, role: "MEMBER" });
    expect((await mailTo(o.actor, second)).text).toContain("以成员身份加入");
  });
});
