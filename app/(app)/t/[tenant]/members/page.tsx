import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/card";
import { listPendingInvitations } from "@/db/queries/invitations";
import { listMembers, listRoles } from "@/db/queries/tenancy";
import { withTenant } from "@/db/tenant";
import { can } from "@/lib/permissions";
import { requireTenant } from "@/lib/session";
import { MembersClient } from "./page-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("members"))("title") };
}

export default async function MembersPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant, actor, user } = await requireTenant((await params).tenant);
  const canManage = can(actor, "members.manage");
  const t = await getTranslations("members");
  const [members, invitations, roles] = await withTenant(actor, async (tx) => [
    await listMembers(tx),
    canManage ? await listPendingInvitations(tx) : [],
    await listRoles(tx),
  ]);
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description", { tenant: tenant.name })}
        actions={
          <Link href={`/t/${tenant.slug}/members/roles`} className="text-sm text-indigo-700 hover:underline">
            {t("roles_link")}
          </Link>
        }
      />
      <MembersClient
        tenant={tenant.slug}
        timeZone={tenant.timeZone}
        me={user.id}
        myRole={actor.role}
        canManage={canManage}
        members={members.map((m) => ({ ...m, joinedAt: m.joinedAt.toISOString() }))}
        roles={roles.map((r) => ({ key: r.key, name: r.name, builtin: r.builtin }))}
        invitations={invitations.map((i) => ({
          id: i.id,
          email: i.email,
          role: i.role,
          invitedBy: i.invitedBy,
          sentAt: i.sentAt.toISOString(),
          expired: i.expiresAt.getTime() <= Date.now(),
        }))}
      />
    </>
  );
}
