import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { can } from "@/lib/permissions";
import { requireTenant } from "@/lib/session";
import { SettingsForm } from "./page-client";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant, actor } = await requireTenant((await params).tenant);
  return (
    <>
      <PageHeader
        title="Settings"
        description="The tenant's name, time zone (deploy windows and reports use it) and how long emailed approval links work."
      />
      <SettingsForm
        tenant={tenant.slug}
        name={tenant.name}
        timeZone={tenant.timeZone}
        approvalLinkTtlHours={tenant.approvalLinkTtlHours}
        readOnly={!can(actor, "settings.manage")}
      />
    </>
  );
}
