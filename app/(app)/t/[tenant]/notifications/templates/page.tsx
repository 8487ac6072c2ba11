import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { listTemplateOverrides } from "@/db/queries/notifications";
import { withTenant } from "@/db/tenant";
import { can } from "@/lib/permissions";
import { requireTenant } from "@/lib/session";
import { TemplatesClient } from "./page-client";

export const metadata: Metadata = { title: "Templates · Notifications" };

export default async function TemplatesPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant, actor } = await requireTenant((await params).tenant);
  const header = (
    <PageHeader
      title="Templates"
      description="How each event reads, per format; IM / webhook kinds share one text unless you give a kind its own. Anything you do not change uses the built-in wording."
    />
  );
  if (!can(actor, "channels.manage")) {
    return (
      <>
        {header}
        <EmptyState title="Only owners and admins edit notification templates">
          Ask an admin of {tenant.name} to change how notifications read.
        </EmptyState>
      </>
    );
  }
  const overrides = await withTenant(actor, (tx) => listTemplateOverrides(tx));
  return (
    <>
      {header}
      <TemplatesClient
        tenant={tenant.slug}
        overrides={overrides.map((o) => ({ event: o.event, format: o.format, subject: o.subject, body: o.body }))}
      />
    </>
  );
}
