import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { FlowDesigner } from "@/components/approvals/flow-designer";
import { FlowVersions } from "@/components/approvals/flow-versions";
import { PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { getFlow, listFlowVersions } from "@/db/queries/approvals";
import { listMembers, listRoles } from "@/db/queries/tenancy";
import { listCategories, listTemplates } from "@/db/queries/work-orders";
import { withTenant } from "@/db/tenant";
import { asApprovalGraph } from "@/lib/approvals/flow-graph";
import { dateTime } from "@/lib/format";
import { can } from "@/lib/permissions";
import { requireTenant } from "@/lib/session";
import { previewRouteAction, publishFlowAction, saveFlowAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("approvals.flow"))("meta_title") };
}

export default async function FlowPage({ params }: { params: Promise<{ tenant: string; flowId: string }> }) {
  const { tenant: slug, flowId } = await params;
  const { tenant, actor } = await requireTenant(slug);
  const isNew = flowId === "new";
  if (!isNew && !z.uuid().safeParse(flowId).success) notFound();
  const t = await getTranslations("approvals.flow");
  const base = `/t/${tenant.slug}/approvals/flows`;
  const back = (
    <Link href={base} className="text-sm text-indigo-600 hover:underline">
      {t("back")}
    </Link>
  );
  if (!can(actor, "flows.manage")) {
    return (
      <>
        <PageHeader title={t("title")} actions={back} />
        <EmptyState title={t("not_admin")} />
      </>
    );
  }
  const { flow, versions, members, roles, categories, templates } = await withTenant(actor, async (tx) => ({
    flow: isNew ? null : await getFlow(tx, flowId),
    versions: isNew ? [] : await listFlowVersions(tx, flowId),
    members: await listMembers(tx),
    roles: await listRoles(tx),
    categories: await listCategories(tx),
    templates: await listTemplates(tx),
  }));
  if (!isNew && !flow) notFound();
  const options = {
    members: members
      .filter((m) => m.role !== "VIEWER")
      .map((m) => ({ userId: m.userId, name: m.name, email: m.email, role: m.role })),
    roles: roles.map((r) => ({ key: r.key, name: r.name, builtin: r.builtin })),
    environments: categories.filter((c) => c.kind === "environment").map((c) => ({ id: c.id, name: c.name })),
    purposes: categories.filter((c) => c.kind === "purpose").map((c) => ({ id: c.id, name: c.name })),
    templates: templates.map((x) => ({ id: x.id, name: x.name })),
  };
  return (
    <>
      <PageHeader
        title={flow ? t("edit", { name: flow.name }) : t("new")}
        description={t("description")}
        actions={back}
      />
      <FlowDesigner
        // A new flow's page becomes the saved flow's: the designer starts again from what was stored.
        key={flow?.id ?? "new"}
        tenant={tenant.slug}
        options={options}
        save={saveFlowAction}
        publish={publishFlowAction}
        preview={previewRouteAction}
        flow={
          flow
            ? {
                id: flow.id,
                name: flow.name,
                description: flow.description,
                graph: asApprovalGraph(flow.graph),
                publishedVersion: flow.publishedVersion,
                unpublished: flow.hasUnpublishedChanges,
              }
            : null
        }
      />
      {flow ? (
        <FlowVersions
          base={`${base}/${flow.id}`}
          unpublished={flow.hasUnpublishedChanges && flow.publishedVersion !== null}
          versions={versions.map((v) => ({
            version: v.version,
            when: dateTime(v.publishedAt, tenant.timeZone),
            by: v.publishedByName ?? null,
          }))}
        />
      ) : null}
    </>
  );
}
