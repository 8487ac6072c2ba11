import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { listChannels } from "@/db/queries/notifications";
import { withTenant } from "@/db/tenant";
import { can } from "@/lib/permissions";
import { requireTenant } from "@/lib/session";
import { ChannelsClient } from "./page-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("notifications"))("channels.meta_title") };
}

export default async function ChannelsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant, actor } = await requireTenant((await params).tenant);
  const t = await getTranslations("notifications");
  const description = t("channels.description");
  if (!can(actor, "channels.manage")) {
    return (
      <>
        <PageHeader title={t("channels.title")} description={description} />
        <EmptyState title={t("channels.admin_only")}>
          {t("channels.admin_only_body", { tenant: tenant.name })}
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
