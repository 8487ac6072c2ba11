import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Card, PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TBody, Td, THead, Th, Tr } from "@/components/ui/table";
import { listFlows } from "@/db/queries/approvals";
import { listCategories, listTemplates } from "@/db/queries/work-orders";
import { withTenant } from "@/db/tenant";
import { can } from "@/lib/permissions";
import { requireTenant } from "@/lib/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("templates.list"))("meta") };
}

export default async function TemplatesPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant, actor } = await requireTenant((await params).tenant);
  const base = `/t/${tenant.slug}/work-orders`;
  const admin = can(actor, "templates.manage");
  const tl = await getTranslations("templates.list");
  const header = (
    <PageHeader
      title={tl("title")}
      description={tl("description")}
      actions={
        admin ? (
          <Link
            href={`${base}/templates/new`}
            className="inline-flex h-10 items-center rounded-md bg-indigo-600 px-4 text-sm font-medium text-white hover:bg-indigo-500"
          >
            {tl("new")}
          </Link>
        ) : null
      }
    />
  );
  if (!admin) {
    return (
      <>
        {header}
        <EmptyState title={tl("forbidden_title")}>
          {tl.rich("forbidden_body", {
            link: (chunks) => (
              <Link href={base} className="text-indigo-600 hover:underline">
                {chunks}
              </Link>
            ),
          })}
        </EmptyState>
      </>
    );
  }
  const { templates, categories, flows } = await withTenant(actor, async (tx) => ({
    templates: await listTemplates(tx),
    categories: await listCategories(tx),
    flows: await listFlows(tx),
  }));
  const category = new Map(categories.map((c) => [c.id, c.name]));
  const flow = new Map(flows.map((f) => [f.id, f.name]));
  const noEnvironment = !categories.some((c) => c.kind === "environment");
  const noPurpose = !categories.some((c) => c.kind === "purpose");
  const missing = noEnvironment && noPurpose ? "both" : noEnvironment ? "environment" : noPurpose ? "purpose" : null;
  return (
    <>
      {header}
      {missing ? (
        <p className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-800">
          {tl.rich("missing", {
            missing,
            link: (chunks) => (
              <Link href={`${base}/categories`} className="font-medium underline">
                {chunks}
              </Link>
            ),
          })}
        </p>
      ) : null}
      {templates.length === 0 ? (
        <EmptyState title={tl("empty_title")}>
          {tl.rich("empty_body", { code: (chunks) => <code>{chunks}</code>, example: "{Variables}" })}
        </EmptyState>
      ) : (
        <Card>
          <Table caption={tl("title")}>
            <THead>
              <Th>{tl("col_name")}</Th>
              <Th>{tl("col_environment")}</Th>
              <Th>{tl("col_purpose")}</Th>
              <Th>{tl("col_approval")}</Th>
              <Th>{tl("col_version")}</Th>
              <Th>{tl("col_state")}</Th>
            </THead>
            <TBody>
              {templates.map((t) => (
                <Tr key={t.id} data-testid={`template-${t.name}`}>
                  <Td>
                    <Link href={`${base}/templates/${t.id}`} className="font-medium text-indigo-700 hover:underline">
                      {t.name}
                    </Link>
                    {t.version.description ? (
                      <p className="line-clamp-1 text-zinc-500">{t.version.description}</p>
                    ) : null}
                  </Td>
                  <Td>{category.get(t.environmentId) ?? "—"}</Td>
                  <Td>{category.get(t.purposeId) ?? "—"}</Td>
                  <Td className="text-zinc-600">
                    {t.version.requiresApproval
                      ? (flow.get(t.version.approvalFlowId ?? "") ?? tl("archived_flow"))
                      : tl("no_approval")}
                    {t.version.fourEyes ? (
                      <span className="ml-1 text-xs text-zinc-400">· {tl("four_eyes")}</span>
                    ) : null}
                  </Td>
                  <Td className="text-zinc-600">v{t.currentVersion}</Td>
                  <Td>
                    {t.enabled ? (
                      <span className="rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-800">
                        {tl("enabled")}
                      </span>
                    ) : (
                      <span className="rounded-full bg-zinc-100 px-2 py-0.5 text-xs font-medium text-zinc-600">
                        {tl("disabled")}
                      </span>
                    )}
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </Card>
      )}
    </>
  );
}
