import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { listMembers } from "@/db/queries/tenancy";
import { withTenant } from "@/db/tenant";
import { can } from "@/lib/roles";
import { requireTenant } from "@/lib/session";
import { MembersClient } from "./page-client";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant, actor, user } = await requireTenant((await params).tenant);
  const members = await withTenant(actor, (tx) => listMembers(tx));
  return (
    <>
      <PageHeader title="Members" description={`People in ${tenant.name} and what they may do.`} />
      <MembersClient
        tenant={tenant.slug}
        me={user.id}
        myRole={actor.role}
        canManage={can(actor.role, "members.manage")}
        members={members.map((m) => ({ ...m, joinedAt: m.joinedAt.toISOString() }))}
      />
    </>
  );
}
