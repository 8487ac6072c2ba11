import type { ReactNode } from "react";
import { QueryProvider } from "@/components/ui/query-provider";
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
    <QueryProvider>
      <WorkOrdersNav tenant={tenant.slug} actor={{ role: actor.role, permissions: actor.permissions }} />
      {children}
    </QueryProvider>
  );
}
