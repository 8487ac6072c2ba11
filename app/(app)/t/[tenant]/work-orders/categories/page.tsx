import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { listCategories } from "@/db/queries/work-orders";
import { withTenant } from "@/db/tenant";
import { can } from "@/lib/permissions";
import { requireTenant } from "@/lib/session";
import { CategoriesClient } from "./page-client";

export const metadata: Metadata = { title: "Categories · Work orders" };

export default async function CategoriesPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant, actor } = await requireTenant((await params).tenant);
  const header = (
    <PageHeader
      title="Categories"
      description="Environments (PROD, STAGE, TEST) and purposes (DeployDocker, DeployGit) group the templates people submit from."
    />
  );
  if (!can(actor, "categories.manage")) {
    return (
      <>
        {header}
        <EmptyState title="Only owners and admins manage categories">
          Ask an admin of {tenant.name} if an environment or purpose is missing.
        </EmptyState>
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
