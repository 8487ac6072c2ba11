import type { ReactNode } from "react";
import { WorkOrdersQueryProvider } from "@/components/work-orders/query-provider";
import { WorkOrdersNav } from "@/components/work-orders/sub-nav";
import { requireTenant } from "@/lib/session";

export default async function WorkOrdersLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ tenant: string }>;
}) {
  const { tenant, actor } = await requireTenant((await params).tenant);
  return (
    <WorkOrdersQueryProvider>
      <WorkOrdersNav tenant={tenant.slug} actor={{ role: actor.role, permissions: actor.permissions }} />
      {children}
    </WorkOrdersQueryProvider>
  );
}
