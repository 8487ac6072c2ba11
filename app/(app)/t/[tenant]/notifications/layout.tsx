import type { ReactNode } from "react";
import { NotificationsNav } from "@/components/notifications/sub-nav";
import { can } from "@/lib/permissions";
import { requireTenant } from "@/lib/session";

export default async function NotificationsLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ tenant: string }>;
}) {
  const { tenant, actor } = await requireTenant((await params).tenant);
  return (
    <>
      <NotificationsNav tenant={tenant.slug} admin={can(actor, "channels.manage")} />
      {children}
    </>
  );
}
