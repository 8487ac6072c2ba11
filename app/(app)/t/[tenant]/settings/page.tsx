import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/card";
import { can } from "@/lib/permissions";
import { requireTenant } from "@/lib/session";
import { SettingsForm } from "./page-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings"))("title") };
}

export default async function SettingsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant, actor } = await requireTenant((await params).tenant);
  const t = await getTranslations("settings");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <SettingsForm
        tenant={tenant.slug}
        name={tenant.name}
        timeZone={tenant.timeZone}
        defaultLocale={tenant.defaultLocale}
        approvalLinkTtlHours={tenant.approvalLinkTtlHours}
        readOnly={!can(actor, "settings.manage")}
      />
    </>
  );
}
