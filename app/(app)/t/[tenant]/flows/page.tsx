import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { FlowStatusBadge } from "@/components/flows/flow-status";
import { JobsForbidden } from "@/components/jobs/forbidden";
import { Card, PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { SearchBox } from "@/components/ui/search-box";
import { Table, TBody, Td, THead, Th, Tr } from "@/components/ui/table";
import { listFlows } from "@/db/queries/flows";
import { withTenant } from "@/db/tenant";
import type { FlowRunStatus } from "@/lib/flows/catalog";
import { dateTime, relative } from "@/lib/format";
import { can } from "@/lib/permissions";
import { readParams, zSearch } from "@/lib/search-params";
import { requireTenant } from "@/lib/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("flows.list"))("meta") };
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
  const t = await getTranslations("flows.list");
  const tl = await getTranslations("lists");
  const locale = await getLocale();
  const base = `/t/${tenant.slug}/flows`;
  const manage = can(actor, "jobs.manage");
  const header = (
    <PageHeader
      title={t("title")}
      description={t("description")}
      actions={
        manage ? (
          <Link
            href={`${base}/new`}
            data-testid="new-flow"
            className="inline-flex h-10 items-center rounded-md bg-indigo-600 px-4 text-sm font-medium text-white hover:bg-indigo-500"
          >
            {t("new")}
          </Link>
        ) : null
      }
    />
  );
  if (!can(actor, "jobs.read")) return <JobsForbidden header={header} />;
  const { q } = readParams(ZFlowsParams, await searchParams);
  const flows = await withTenant(actor, (tx) => listFlows(tx, { q }));
  const now = new Date();
  return (
    <>
      {header}
      <form method="get" className="mb-4 flex flex-wrap items-end gap-3" aria-label={t("search_label")}>
        <SearchBox
          label={tl("search")}
          placeholder={t("search_placeholder")}
          hint={tl("search_hint")}
          defaultValue={q}
        />
        {q ? (
          <Link href={base} className="py-2 text-sm text-indigo-600 hover:underline">
            {t("clear")}
          </Link>
        ) : null}
      </form>
      <p className="mb-2 text-sm text-zinc-500" data-testid="list-total">
        {t("total", { count: flows.length })}
      </p>
      {flows.length === 0 && q ? (
        <EmptyState title={tl("no_match_title", { q })}>{tl("no_match")}</EmptyState>
      ) : flows.length === 0 ? (
        <EmptyState title={t("empty_title")}>
          {manage
            ? t.rich("empty_manage", {
                link: (chunks) => (
                  <Link href={`${base}/new`} className="text-indigo-600 hover:underline">
                    {chunks}
                  </Link>
                ),
              })
            : t("empty_read")}
        </EmptyState>
      ) : (
        <Card className="overflow-x-auto">
          <Table caption={t("title")}>
            <THead>
              <Th>{t("col_name")}</Th>
              <Th>{t("col_nodes")}</Th>
              <Th>{t("col_version")}</Th>
              <Th>{t("col_last")}</Th>
            </THead>
            <TBody>
              {flows.map((f) => (
                <Tr key={f.id} hover data-testid={`flow-${f.name}`}>
                  <Td>
                    <Link href={`${base}/${f.id}`} className="font-medium text-indigo-700 hover:underline">
                      {f.name}
                    </Link>
                    {f.description ? <p className="line-clamp-1 text-zinc-500">{f.description}</p> : null}
                  </Td>
                  <Td className="text-zinc-600">{t("nodes", { count: f.graph.nodes.length })}</Td>
                  <Td className="whitespace-nowrap text-zinc-600">
                    {f.publishedVersion === null
                      ? t("never_published")
                      : f.hasUnpublishedChanges
                        ? t("version_draft", { version: f.publishedVersion })
                        : t("version", { version: f.publishedVersion })}
                  </Td>
                  <Td className="whitespace-nowrap">
                    <FlowStatusBadge status={f.lastRunStatus as FlowRunStatus | null} />
                    {f.lastRunAt ? (
                      <time
                        className="ml-2 text-zinc-500"
                        dateTime={f.lastRunAt.toISOString()}
                        title={dateTime(f.lastRunAt, tenant.timeZone)}
                      >
                        {relative(f.lastRunAt, now, locale)}
                      </time>
                    ) : null}
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
