import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { listCategories } from "@/db/queries/work-orders";
import { withTenant } from "@/db/tenant";
import { can } from "@/lib/permissions";
import { requireTenant } from "@/lib/session";
import { CategoriesClient } from "./page-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("work-orders.categories"))("meta") };
}

export default async function CategoriesPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant, actor } = await requireTenant((await params).tenant);
  const t = await getTranslations("work-orders.categories");
  const header = <PageHeader title={t("title")} description={t("description")} />;
  if (!can(actor, "categories.manage")) {
    return (
      <>
        {header}
        <EmptyState title={t("forbidden_title")}>{t("forbidden_body", { tenant: tenant.name })}</EmptyState>
      </>
    );
  }
  const categories = await withTenant(actor, (tx) => listCategories(tx));
  return (
    <>
      {header}
      <CategoriesClient
        tenant={tenant.slug}
        categories={categories.map((c) => ({ id: c.id, kind: c.kind, name: c.name }))}
      />
    </>
  );
}
