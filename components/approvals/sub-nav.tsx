import { getTranslations } from "next-intl/server";
import { SectionTabs } from "@/components/ui/section-tabs";
import { can, type Holder } from "@/lib/permissions";

/** The approvals section's own tabs: the inbox for everyone, the flows for those who manage them. */
export async function ApprovalsNav({ tenant, actor }: { tenant: string; actor: Holder }) {
  const t = await getTranslations("approvals.nav");
  const managed = can(actor, "flows.manage") ? [{ slug: "flows", label: t("flows") }] : [];
  return (
    <SectionTabs
      base={`/t/${tenant}/approvals`}
      label={t("label")}
      everyone={[{ slug: "", label: t("to_approve") }]}
      admin={managed}
    />
  );
}
