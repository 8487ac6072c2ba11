import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { Card, PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { SearchBox } from "@/components/ui/search-box";
import { Table, TBody, Td, THead, Th, Tr } from "@/components/ui/table";
import { listFlows } from "@/db/queries/approvals";
import { withTenant } from "@/db/tenant";
import { asApprovalGraph, CONDITION, LEVEL } from "@/lib/approvals/flow-graph";
import { dateTime } from "@/lib/format";
import { can } from "@/lib/permissions";
import { readParams, zSearch } from "@/lib/search-params";
import { requireTenant } from "@/lib/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("approvals.flows"))("meta_title") };
}

const ZFlowsParams = z.object({ q: zSearch });

export default async function FlowsPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { tenant, actor } = await requireTenant((await params).tenant);
  const { q } = readParams(ZFlowsParams, await searchParams);
  const base = `/t/${tenant.slug}/approvals/flows`;
  const admin = can(actor, "flows.manage");
  const t = await getTranslations("approvals");
  const tl = await getTranslations("lists");
  const header = (
    <PageHeader
      title={t("flows.title")}
      description={t("flows.description")}
      actions={
        admin ? (
          <Link
            href={`${base}/new`}
            className="inline-flex h-10 items-center rounded-md bg-indigo-600 px-4 text-sm font-medium text-white hover:bg-indigo-500"
          >
            {t("flows.new")}
          </Link>
        ) : null
      }
    />
  );
  if (!admin) {
    return (
      <>
        {header}
        <EmptyState title={t("flows.not_admin_title")}>{t("flows.not_admin_body")}</EmptyState>
      </>
    );
  }
  const flows = await withTenant(actor, (tx) => listFlows(tx, { q }));
  return (
    <>
      {header}
      {flows.length === 0 && !q ? (
        <EmptyState title={t("flows.empty_title")}>{t("flows.empty_body")}</EmptyState>
      ) : (
        <>
          <form method="get" className="mb-4 flex flex-wrap items-end gap-3" aria-label={t("flows.search_label")}>
            <SearchBox
              label={tl("search")}
              placeholder={t("flows.search_placeholder")}
              hint={tl("search_hint")}
              defaultValue={q}
            />
            {q ? (
              <Link href={base} className="py-2 text-sm text-indigo-600 hover:underline">
                {t("flows.show_all")}
              </Link>
            ) : null}
          </form>
          <p className="mb-2 text-sm text-zinc-500" data-testid="list-total">
            {t("flows.total", { count: flows.length })}
          </p>
          {flows.length === 0 ? (
            <EmptyState title={tl("no_match_title", { q: q ?? "" })}>{t("flows.no_match")}</EmptyState>
          ) : (
            <Card className="overflow-x-auto">
              <Table caption={t("flows.caption")}>
                <THead>
                  <Th>{t("flows.name")}</Th>
                  <Th>{t("flows.published")}</Th>
                  <Th>{t("flows.steps")}</Th>
                  <Th>{t("flows.updated")}</Th>
                </THead>
                <TBody>
                  {flows.map((f) => {
                    const graph = asApprovalGraph(f.graph);
                    const levels = graph.nodes.filter((n) => n.type === LEVEL).length;
                    const conditions = graph.nodes.filter((n) => n.type === CONDITION).length;
                    return (
                      <Tr key={f.id} className="align-top" data-testid={`flow-${f.name}`}>
                        <Td>
                          <Link href={`${base}/${f.id}`} className="font-medium text-indigo-700 hover:underline">
                            {f.name}
                          </Link>
                          {f.description ? <p className="text-zinc-500">{f.description}</p> : null}
                        </Td>
                        <Td>
                          <div className="flex flex-wrap items-center gap-2">
                            <span className={f.publishedVersion === null ? "text-zinc-500" : undefined}>
                              {f.publishedVersion === null
                                ? t("flows.never_published")
                                : t("versions.version_n", { version: f.publishedVersion })}
                            </span>
                            {f.hasUnpublishedChanges && f.publishedVersion !== null ? (
                              <span className="inline-flex rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-800">
                                {t("flows.unpublished_badge")}
                              </span>
                            ) : null}
                          </div>
                        </Td>
                        <Td className="text-zinc-600">{t("flows.steps_count", { levels, conditions })}</Td>
                        <Td className="whitespace-nowrap text-zinc-500">{dateTime(f.updatedAt, tenant.timeZone)}</Td>
                      </Tr>
                    );
                  })}
                </TBody>
              </Table>
            </Card>
          )}
        </>
      )}
    </>
  );
}
