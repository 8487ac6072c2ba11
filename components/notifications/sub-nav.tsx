import { getTranslations } from "next-intl/server";
import { SectionTabs } from "@/components/ui/section-tabs";

const EVERYONE = [
  { slug: "", key: "inbox" },
  { slug: "preferences", key: "preferences" },
] as const;
const ADMIN = [
  { slug: "channels", key: "channels" },
  { slug: "templates", key: "templates" },
  { slug: "deliveries", key: "deliveries" },
] as const;

/** The notification section's tabs; channels, templates and the delivery log are for owners and admins. */
export async function NotificationsNav({ tenant, admin }: { tenant: string; admin: boolean }) {
  const t = await getTranslations("notifications.nav");
  const tab = ({ slug, key }: { slug: string; key: string }) => ({ slug, label: t(key) });
  return (
    <SectionTabs
      base={`/t/${tenant}/notifications`}
      label={t("label")}
      everyone={EVERYONE.map(tab)}
      admin={admin ? ADMIN.map(tab) : []}
    />
  );
}
