import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { listChannels } from "@/db/queries/notifications";
import { withTenant } from "@/db/tenant";
import { can } from "@/lib/permissions";
import { requireTenant } from "@/lib/session";
import { ChannelsClient } from "./page-client";

export const metadata: Metadata = { title: "Channels · Notifications" };

export default async function ChannelsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant, actor } = await requireTenant((await params).tenant);
  const description =
    "Where notifications go: email and the in-app inbox are built in; add webhooks and IM bots for the team.";
  if (!can(actor, "channels.manage")) {
    return (
      <>
        <PageHeader title="Channels" description={description} />
        <EmptyState title="Only owners and admins manage notification channels">
          Ask an admin of {tenant.name} to add or change a channel. Your own choices are in Preferences.
        </EmptyState>
      </>
    );
  }
  const channels = await withTenant(actor, (tx) => listChannels(tx));
  return (
    <ChannelsClient
      tenant={tenant.slug}
      description={description}
      channels={channels.map((c) => ({
        id: c.id,
        name: c.name,
        kind: c.kind,
        enabled: c.enabled,
        events: c.events,
        secretSet: Boolean(c.secretSet),
      }))}
    />
  );
}
