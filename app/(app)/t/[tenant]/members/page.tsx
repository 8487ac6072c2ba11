import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { listPendingInvitations } from "@/db/queries/invitations";
import { listMembers } from "@/db/queries/tenancy";
import { withTenant } from "@/db/tenant";
import { can } from "@/lib/roles";
import { requireTenant } from "@/lib/session";
import { MembersClient } from "./page-client";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant, actor, user } = await requireTenant((await params).tenant);
  const canManage = can(actor.role, "members.manage");
  const [members, invitations] = await withTenant(actor, async (tx) => [
    await listMembers(tx),
    canManage ? await listPendingInvitations(tx) : [],
  ]);
  return (
    <>
      <PageHeader title="Members" description={`People in ${tenant.name} and what they may do.`} />
      <MembersClient
        tenant={tenant.slug}
        me={user.id}
        myRole={actor.role}
        canManage={canManage}
        members={members.map((m) => ({ ...m, joinedAt: m.joinedAt.toISOString() }))}
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
