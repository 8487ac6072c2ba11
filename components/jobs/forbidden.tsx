import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { EmptyState } from "@/components/ui/empty-state";

/** What a member without `jobs.read` sees on a jobs page: which permission it takes. */
export function JobsForbidden({ header, permission = "read" }: { header?: ReactNode; permission?: "read" | "manage" }) {
  const t = useTranslations("jobs.forbidden");
  return (
    <>
      {header}
      <EmptyState title={t("title")}>{t(permission)}</EmptyState>
    </>
  );
}
