import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { FlowEditor } from "@/components/approvals/flow-editor";
import { PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { getFlow } from "@/db/queries/approvals";
import { listMembers, listRoles } from "@/db/queries/tenancy";
import { withTenant } from "@/db/tenant";
import { type FlowLevel, graphToLevels } from "@/lib/approvals/flow";
import { can } from "@/lib/permissions";
import { requireTenant } from "@/lib/session";
import { saveFlowAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("approvals.flow"))("meta_title") };
}

export default async function FlowPage({ params }: { params: Promise<{ tenant: string; flowId: string }> }) {
  const { tenant: slug, flowId } = await params;
  const { tenant, actor } = await requireTenant(slug);
  const isNew = flowId === "new";
  if (!isNew && !z.uuid().safeParse(flowId).success) notFound();
  const t = await getTranslations("approvals.flow");
  const back = (
    <Link href={`/t/${tenant.slug}/approvals/flows`} className="text-sm text-indigo-600 hover:underline">
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
  const { flow, members, roles } = await withTenant(actor, async (tx) => ({
    flow: isNew ? null : await getFlow(tx, flowId),
    members: await listMembers(tx),
    roles: await listRoles(tx),
  }));
  if (!isNew && !flow) notFound();
  let levels: FlowLevel[] = [];
  if (flow) {
    try {
      levels = graphToLevels(flow.graph);
    } catch {
      levels = []; // a broken graph opens with one fresh level; saving replaces it
    }
  }
  return (
    <>
      <PageHeader
        title={flow ? t("edit", { name: flow.name }) : t("new")}
        description={t("description")}
        actions={back}
      />
      <FlowEditor
        tenant={tenant.slug}
        save={saveFlowAction}
        roles={roles.map((r) => ({ key: r.key, name: r.name, builtin: r.builtin }))}
        flow={flow ? { id: flow.id, name: flow.name, description: flow.description, levels } : null}
        members={members
          .filter((m) => m.role !== "VIEWER")
          .map((m) => ({ userId: m.userId, name: m.name, email: m.email, role: m.role }))}
      />
    </>
  );
}
