import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { statusTone } from "@/components/runs/display";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { FilterSelect } from "@/components/ui/filter-field";
import { OlderLink } from "@/components/ui/pagination";
import { SearchBox } from "@/components/ui/search-box";
import { Table, TBody, Td, THead, Th, Tr } from "@/components/ui/table";
import { countRuns, listRuns, type RunStatusFilter } from "@/db/queries/runs";
import { withTenant } from "@/db/tenant";
import { inngestMode } from "@/inngest/mode";
import { dateTime, durationBetween } from "@/lib/format";
import { can, permissionLabelKey } from "@/lib/permissions";
import { olderHref, readParams, ZRunsParams } from "@/lib/search-params";
import { requireTenant } from "@/lib/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("runs"))("title") };
}

const STATUSES: RunStatusFilter[] = ["running", "sleeping", "waiting", "queued", "completed", "failed", "cancelled"];

export default async function RunsPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { tenant, actor } = await requireTenant((await params).tenant);
  const { status, q, before } = readParams(ZRunsParams, await searchParams);
  const base = `/t/${tenant.slug}/runs`;
  const [t, tl, tr, locale] = await Promise.all([
    getTranslations("runs"),
    getTranslations("lists"),
    getTranslations(),
    getLocale(),
  ]);
  /** A run's status as a word ("failed", 失败); an unknown one as it is. */
  const statusWord = (s: string) => (t.has(`status.${s}`) ? t(`status.${s}`) : s);
  if (!can(actor, "runs.read")) {
    return (
      <>
        <PageHeader title={t("title")} />
        <EmptyState title={t("no_permission.title")}>
          {t("no_permission.body", { permission: tr(permissionLabelKey("runs.read")) })}
        </EmptyState>
      </>
    );
  }
  if (inngestMode() === "external") {
    return (
      <>
        <PageHeader title={t("title")} />
        <EmptyState title={t("external.title")}>{t("external.body")}</EmptyState>
      </>
    );
  }
  const { page, total } = await withTenant(actor, async (tx) => ({
    page: await listRuns(tx, { status, q, before }),
    total: await countRuns(tx, { status, q }),
  }));
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <form method="get" className="mb-4 flex flex-wrap items-end gap-3" aria-label={t("filter.label")}>
        <SearchBox
          label={tl("search")}
          placeholder={tl("runs_placeholder")}
          hint={tl("search_hint")}
          defaultValue={q}
        />
        <FilterSelect
          label={t("filter.status")}
          name="status"
          value={status}
          any={t("filter.any")}
          options={STATUSES.map((s) => ({ value: s, label: statusWord(s) }))}
        />
        <button type="submit" className="h-8 rounded-md border border-zinc-300 bg-white px-3 text-sm hover:bg-zinc-100">
          {t("filter.submit")}
        </button>
      </form>
      <p className="mb-2 text-sm text-zinc-500" data-testid="list-total">
        {tl("runs_total", { count: total })}
      </p>
      {page.runs.length === 0 && q ? (
        <EmptyState title={tl("no_match_title", { q })}>{tl("no_match_runs")}</EmptyState>
      ) : page.runs.length === 0 ? (
        <EmptyState title={status ? t("empty.title_status", { status: statusWord(status) }) : t("empty.title")}>
          {t("empty.body")}
        </EmptyState>
      ) : (
        <Card>
          <Table caption={t("table.caption")}>
            <THead>
              <Th>{t("table.function")}</Th>
              <Th>{t("table.status")}</Th>
              <Th>{t("table.event")}</Th>
              <Th>{t("table.started")}</Th>
              <Th>{t("table.duration")}</Th>
            </THead>
            <TBody>
              {page.runs.map((r) => (
                <Tr key={r.id}>
                  <Td>
                    <Link href={`${base}/${r.id}`} className="font-medium text-indigo-700 hover:underline">
                      {r.functionName}
                    </Link>
                    {r.rerunOf ? <span className="ml-2 text-xs text-zinc-500">{t("rerun_tag")}</span> : null}
                  </Td>
                  <Td>
                    <Badge tone={statusTone(r.status)}>{statusWord(r.status)}</Badge>
                  </Td>
                  <Td className="font-mono text-xs text-zinc-600">{r.eventName}</Td>
                  <Td className="text-zinc-600">
                    {dateTime(r.startedAt ?? r.createdAt, tenant.timeZone, { seconds: true })}
                  </Td>
                  <Td className="text-zinc-600">
                    {durationBetween(r.startedAt, r.endedAt ?? new Date(), locale) ?? "—"}
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </Card>
      )}
      <OlderLink href={page.next ? olderHref(base, { status, q }, page.next) : null} label={t("older")} />
    </>
  );
}
