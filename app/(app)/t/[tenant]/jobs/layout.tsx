import type { ReactNode } from "react";
import { JobsNav } from "@/components/jobs/sub-nav";
import { QueryProvider } from "@/components/ui/query-provider";
import { requireTenant } from "@/lib/session";

export default async function JobsLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ tenant: string }>;
}) {
  const { tenant, actor } = await requireTenant((await params).tenant);
  return (
    <QueryProvider>
      <JobsNav tenant={tenant.slug} actor={{ role: actor.role, permissions: actor.permissions }} />
      {children}
    </QueryProvider>
  );
}
