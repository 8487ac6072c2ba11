import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { DatasourceList } from "@/components/jobs/datasource-list";
import { JobsForbidden } from "@/components/jobs/forbidden";
import { PageHeader } from "@/components/ui/card";
import { listDatasources } from "@/db/queries/jobs";
import { withTenant } from "@/db/tenant";
import { can } from "@/lib/permissions";
import { requireTenant } from "@/lib/session";
import { saveDatasourceAction, testDatasourceAction } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("jobs.datasources"))("title") };
}

export default async function DatasourcesPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant, actor } = await requireTenant((await params).tenant);
  const t = await getTranslations("jobs.datasources");
  const header = <PageHeader title={t("title")} description={t("description")} />;
  if (!can(actor, "jobs.read")) return <JobsForbidden header={header} />;
  const rows = await withTenant(actor, (tx) => listDatasources(tx));
  return (
    <>
      {header}
      <p className="mb-2 text-sm text-zinc-500" data-testid="list-total">
        {t("total", { count: rows.length })}
      </p>
      <DatasourceList
        tenant={tenant.slug}
        datasources={rows.map((d) => ({ id: d.id, name: d.name, address: d.address, readOnly: d.readOnly }))}
        actions={can(actor, "jobs.manage") ? { save: saveDatasourceAction, test: testDatasourceAction } : undefined}
      />
    </>
  );
}
