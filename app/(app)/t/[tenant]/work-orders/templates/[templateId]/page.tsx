import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { TemplateForm } from "@/components/work-orders/template-form";
import { listFlows } from "@/db/queries/approvals";
import { listRoles } from "@/db/queries/tenancy";
import { getTemplate, listCategories } from "@/db/queries/work-orders";
import { withTenant } from "@/db/tenant";
import { can } from "@/lib/permissions";
import { requireTenant } from "@/lib/session";
import { saveTemplateAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("templates.edit"))("meta") };
}

export default async function TemplatePage({ params }: { params: Promise<{ tenant: string; templateId: string }> }) {
  const { tenant: slug, templateId } = await params;
  const { tenant, actor } = await requireTenant(slug);
  const isNew = templateId === "new";
  if (!isNew && !z.uuid().safeParse(templateId).success) notFound();
  const te = await getTranslations("templates.edit");
  const back = (
    <Link href={`/t/${tenant.slug}/work-orders/templates`} className="text-sm text-indigo-600 hover:underline">
      {te("back")}
    </Link>
  );
  if (!can(actor, "templates.manage")) {
    return (
      <>
        <PageHeader title={te("template")} actions={back} />
        <EmptyState title={te("forbidden")} />
      </>
    );
  }
  const { template, categories, flows, roles } = await withTenant(actor, async (tx) => ({
    template: isNew ? null : await getTemplate(tx, templateId),
    categories: await listCategories(tx),
    flows: await listFlows(tx),
    roles: await listRoles(tx),
  }));
  if (!isNew && !template) notFound();
  const v = template?.version;
  return (
    <>
      <PageHeader
        title={template ? te("edit_title", { name: template.name }) : te("new_title")}
        description={template ? te("current_version", { version: template.currentVersion }) : undefined}
        actions={back}
      />
      <TemplateForm
        tenant={tenant.slug}
        timeZone={tenant.timeZone}
        save={saveTemplateAction}
        roles={roles.map((r) => ({ key: r.key, name: r.name, builtin: r.builtin }))}
        environments={categories.filter((c) => c.kind === "environment").map((c) => ({ id: c.id, name: c.name }))}
        purposes={categories.filter((c) => c.kind === "purpose").map((c) => ({ id: c.id, name: c.name }))}
        flows={flows.map((f) => ({
          id: f.id,
          name: f.publishedVersion === null ? te("flow_unpublished", { name: f.name }) : f.name,
        }))}
        template={
          template && v
            ? {
                id: template.id,
                version: template.currentVersion,
                enabled: template.enabled,
                name: v.name,
                description: v.description,
                environmentId: v.environmentId,
                purposeId: v.purposeId,
                command: v.command,
                workdir: v.workdir,
                timeoutSeconds: v.timeoutSeconds,
                submitRoles: v.submitRoles,
                requiresApproval: v.requiresApproval,
                approvalFlowId: v.approvalFlowId,
                fourEyes: v.fourEyes,
                runPolicy: v.runPolicy,
                deployWindow: v.deployWindow,
                variables: v.variables,
                internalNames: v.internalNames,
              }
            : null
        }
      />
    </>
  );
}
