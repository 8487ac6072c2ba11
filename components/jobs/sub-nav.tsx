import { useTranslations } from "next-intl";
import { SectionTabs } from "@/components/ui/section-tabs";
import { can, type Holder } from "@/lib/permissions";

/** The jobs section's tabs: the jobs, then the datasources SQL jobs query (for who may manage them). */
export function JobsNav({ tenant, actor }: { tenant: string; actor: Holder }) {
  const t = useTranslations("jobs.nav");
  return (
    <SectionTabs
      base={`/t/${tenant}/jobs`}
      label={t("label")}
      everyone={[{ slug: "", label: t("jobs") }]}
      admin={can(actor, "jobs.manage") ? [{ slug: "datasources", label: t("datasources") }] : []}
    />
  );
}
