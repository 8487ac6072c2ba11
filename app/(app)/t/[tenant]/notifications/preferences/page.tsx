import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { listMutes, listPreferences } from "@/db/queries/notifications";
import { withTenant } from "@/db/tenant";
import { requireTenant } from "@/lib/session";
import { PreferencesClient } from "./page-client";

export const metadata: Metadata = { title: "Preferences · Notifications" };

export default async function PreferencesPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant, actor, user } = await requireTenant((await params).tenant);
  const { preferences, mutes } = await withTenant(actor, async (tx) => ({
    preferences: await listPreferences(tx, user.id),
    mutes: await listMutes(tx, user.id),
  }));
  return (
    <>
      <PageHeader
        title="Preferences"
        description={`What reaches you in ${tenant.name}, and where. Channels an admin turned off stay off.`}
      />
      <PreferencesClient
        tenant={tenant.slug}
        saved={Object.fromEntries(preferences.map((p) => [p.event, p.channels]))}
        mutes={mutes.map((m) => ({ orderId: m.orderId, number: m.number, title: m.title }))}
      />
    </>
  );
}
