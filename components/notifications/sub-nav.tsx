import { SectionTabs } from "@/components/ui/section-tabs";

const EVERYONE = [
  { slug: "", label: "Inbox" },
  { slug: "preferences", label: "Preferences" },
];
const ADMIN = [
  { slug: "channels", label: "Channels" },
  { slug: "templates", label: "Templates" },
  { slug: "deliveries", label: "Delivery log" },
];

/** The notification section's tabs; channels, templates and the delivery log are for owners and admins. */
export function NotificationsNav({ tenant, admin }: { tenant: string; admin: boolean }) {
  return (
    <SectionTabs
      base={`/t/${tenant}/notifications`}
      label="Notifications"
      everyone={EVERYONE}
      admin={admin ? ADMIN : []}
    />
  );
}
