import type { ReactNode } from "react";
import { ApprovalsNav } from "@/components/approvals/sub-nav";
import { requireTenant } from "@/lib/session";

export default async function ApprovalsLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ tenant: string }>;
}) {
  const { tenant, actor } = await requireTenant((await params).tenant);
  return (
    <>
      <ApprovalsNav tenant={tenant.slug} actor={{ role: actor.role, permissions: actor.permissions }} />
      {children}
    </>
  );
}
