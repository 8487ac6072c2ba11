import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { JobsForbidden } from "@/components/jobs/forbidden";
import { RunStatusBadge } from "@/components/jobs/run-status";
import { RunStrip } from "@/components/jobs/sparkline";
import { Card, PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { SearchBox } from "@/components/ui/search-box";
import { Table, TBody, Td, THead, Th, Tr } from "@/components/ui/table";
import { recentRuns } from "@/db/queries/job-runs";
import { listJobs } from "@/db/queries/jobs";
import { withTenant } from "@/db/tenant";
import { dateTime, relative } from "@/lib/format";
import { can } from "@/lib/permissions";
import { readParams, zSearch } from "@/lib/search-params";
import { requireTenant } from "@/lib/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("jobs.list"))("meta") };
}

const ZJobsParams = z.object({ q: zSearch });

export default async function JobsPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { tenant, actor } = await requireTenant((await params).tenant);
  const t = await getTranslations("jobs.list");
  const tt = await getTranslations("jobs.types");
  const tl = await getTranslations("lists");
  const locale = await getLocale();
  const base = `/t/${tenant.slug}/jobs`;
  const manage = can(actor, "jobs.manage");
  const header = (
    <PageHeader
      title={t("title")}
      description={t("description")}
      actions={
        manage ? (
          <Link
            href={`${base}/new`}
            data-testid="new-job"
            className="inline-flex h-10 items-center rounded-md bg-indigo-600 px-4 text-sm font-medium text-white hover:bg-indigo-500"
          >
            {t("new")}
          </Link>
        ) : null
      }
    />
  );
  if (!can(actor, "jobs.read")) return <JobsForbidden header={header} />;
  const { q } = readParams(ZJobsParams, await searchParams);
  const { jobs, recent } = await withTenant(actor, async (tx) => {
    const jobs = await listJobs(tx, { q });
    return {
      jobs,
      recent: await recentRuns(
        tx,
        jobs.map((j) => j.id),
      ),
    };
  });
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
        {t("total", { count: jobs.length })}
      </p>
      {jobs.length === 0 && q ? (
        <EmptyState title={tl("no_match_title", { q })}>{tl("no_match")}</EmptyState>
      ) : jobs.length === 0 ? (
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
              <Th>{t("col_type")}</Th>
              <Th>{t("col_state")}</Th>
              <Th>{t("col_next")}</Th>
              <Th>{t("col_last")}</Th>
              <Th>{t("col_recent")}</Th>
            </THead>
            <TBody>
              {jobs.map((j) => {
                const runs = recent.get(j.id) ?? [];
                const last = runs[runs.length - 1];
                return (
                  <Tr key={j.id} hover data-testid={`job-${j.name}`}>
                    <Td>
                      <Link href={`${base}/${j.id}`} className="font-medium text-indigo-700 hover:underline">
                        {j.name}
                      </Link>
                      {j.description ? <p className="line-clamp-1 text-zinc-500">{j.description}</p> : null}
                    </Td>
                    <Td className="whitespace-nowrap text-zinc-600">{tt(j.type)}</Td>
                    <Td>
                      {j.enabled ? (
                        <span className="rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-800">
                          {t("enabled")}
                        </span>
                      ) : (
                        <span className="rounded-full bg-zinc-100 px-2 py-0.5 text-xs font-medium text-zinc-600">
                          {t("disabled")}
                        </span>
                      )}
                    </Td>
                    <Td className="whitespace-nowrap text-zinc-600" data-testid="job-next-fire">
                      {j.nextFireAt && j.enabled ? (
                        <time dateTime={j.nextFireAt.toISOString()} title={dateTime(j.nextFireAt, tenant.timeZone)}>
                          {relative(j.nextFireAt, now, locale)}
                        </time>
                      ) : (
                        <span className="text-zinc-400">{j.enabled ? t("no_schedule") : "—"}</span>
                      )}
                    </Td>
                    <Td data-testid="job-last-run">
                      <RunStatusBadge status={last?.status} />
                    </Td>
                    <Td>
                      <RunStrip runs={runs} />
                    </Td>
                  </Tr>
                );
              })}
            </TBody>
          </Table>
        </Card>
      )}
    </>
  );
}
