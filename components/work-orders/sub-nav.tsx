import { useTranslations } from "next-intl";
import { SectionTabs } from "@/components/ui/section-tabs";
import { can, type Holder, type Permission } from "@/lib/permissions";

const EVERYONE = ["", "mine", "history"] as const;
const MANAGED: { slug: "templates" | "categories"; permission: Permission }[] = [
  { slug: "templates", permission: "templates.manage" },
  { slug: "categories", permission: "categories.manage" },
];

/**
 * The work-order section's own tabs; each managing page is listed for those who may manage it.
 * The approval inbox and flows have their own section (components/approvals/sub-nav.tsx).
 */
export function WorkOrdersNav({ tenant, actor }: { tenant: string; actor: Holder }) {
  const t = useTranslations("work-orders.nav");
  const managed = MANAGED.filter((m) => can(actor, m.permission)).map((m) => ({ slug: m.slug, label: t(m.slug) }));
  return (
    <SectionTabs
      base={`/t/${tenant}/work-orders`}
      label={t("label")}
      everyone={EVERYONE.map((slug) => ({ slug, label: t(slug || "submit") }))}
      admin={managed}
    />
  );
}
