import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/card";
import { listMutes, listPreferences } from "@/db/queries/notifications";
import { withTenant } from "@/db/tenant";
import { requireTenant } from "@/lib/session";
import { PreferencesClient } from "./page-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("notifications"))("preferences.meta_title") };
}

export default async function PreferencesPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant, actor, user } = await requireTenant((await params).tenant);
  const { preferences, mutes } = await withTenant(actor, async (tx) => ({
    preferences: await listPreferences(tx, user.id),
    mutes: await listMutes(tx, user.id),
  }));
  const t = await getTranslations("notifications");
  return (
    <>
      <PageHeader title={t("preferences.title")} description={t("preferences.description", { tenant: tenant.name })} />
      <PreferencesClient
        tenant={tenant.slug}
        saved={Object.fromEntries(preferences.map((p) => [p.event, p.channels]))}
        mutes={mutes.map((m) => ({ orderId: m.orderId, number: m.number, title: m.title }))}
      />
    </>
  );
}
