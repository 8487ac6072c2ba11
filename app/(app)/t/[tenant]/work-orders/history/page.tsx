import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { FilterDate, FilterSelect } from "@/components/ui/filter-field";
import { OlderLink } from "@/components/ui/pagination";
import { SearchBox } from "@/components/ui/search-box";
import { Table, TBody, Td, THead, Th, Tr } from "@/components/ui/table";
import { StatusBadge } from "@/components/work-orders/status-badge";
import { PAGE_SIZE } from "@/db/queries/_keyset";
import { listMembers } from "@/db/queries/tenancy";
import { countExecutions, listCategories, listExecutions, listTemplates } from "@/db/queries/work-orders";
import { withTenant } from "@/db/tenant";
import { dateTime, durationBetween } from "@/lib/format";
import { cursorOf, olderHref, readParams, ZHistoryParams } from "@/lib/search-params";
import { requireTenant } from "@/lib/session";
import { seesAllExecutions } from "@/lib/work-orders/execution-access";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("work-orders.history"))("meta") };
}

const EXECUTION_STATUSES = ["queued", "running", "succeeded", "failed", "timed_out", "cancelled"] as const;

export default async function HistoryPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { tenant, actor } = await requireTenant((await params).tenant);
  const filter = readParams(ZHistoryParams, await searchParams);
  const everyone = seesAllExecutions(actor);
  const t = await getTranslations("lists");
  const th = await getTranslations("work-orders.history");
  const ts = await getTranslations("work-orders.status");
  const locale = await getLocale();
  const matching = {
    templateId: filter.template,
    environmentId: filter.environment,
    status: filter.status,
    requesterId: filter.requester,
    involving: everyone ? undefined : actor.userId,
    from: filter.from,
    to: filter.to,
    q: filter.q,
  };
  const { rows, total, templates, categories, members } = await withTenant(actor, async (tx) => ({
    rows: await listExecutions(tx, { ...matching, before: filter.before }),
    total: await countExecutions(tx, matching),
    templates: await listTemplates(tx),
    categories: await listCategories(tx),
    members: await listMembers(tx),
  }));
  const base = `/t/${tenant.slug}/work-orders`;
  const environment = new Map(categories.map((c) => [c.id, c.name]));
  const filters = {
    template: filter.template,
    environment: filter.environment,
    status: filter.status,
    requester: filter.requester,
    from: filter.from,
    to: filter.to,
    q: filter.q,
  };
  const filtered = Object.values(filters).some(Boolean);
  const last = rows.length === PAGE_SIZE ? rows[rows.length - 1] : undefined;
  return (
    <>
      <PageHeader title={th("title")} description={everyone ? th("description_all") : th("description_mine")} />
      <form method="get" className="mb-4 flex flex-wrap items-end gap-3" aria-label={th("filter_label")}>
        <SearchBox
          label={t("search")}
          placeholder={t("history_placeholder")}
          hint={t("search_hint")}
          defaultValue={filter.q}
        />
        <FilterSelect
          label={th("template")}
          name="template"
          value={filter.template}
          any={th("any_template")}
          options={templates.map((t) => ({ value: t.id, label: t.name }))}
        />
        <FilterSelect
          label={th("environment")}
          name="environment"
          value={filter.environment}
          any={th("any_environment")}
          options={categories.filter((c) => c.kind === "environment").map((c) => ({ value: c.id, label: c.name }))}
        />
        <FilterSelect
          label={th("status")}
          name="status"
          value={filter.status}
          any={th("any_status")}
          options={EXECUTION_STATUSES.map((s) => ({ value: s, label: ts(s) }))}
        />
        <FilterSelect
          label={th("requester")}
          name="requester"
          value={filter.requester}
          any={th("anyone")}
          options={members.map((m) => ({ value: m.userId, label: m.name }))}
        />
        <FilterDate label={th("from")} name="from" value={filter.from} />
        <FilterDate label={th("to")} name="to" value={filter.to} />
        <Button type="submit" variant="secondary">
          {th("filter")}
        </Button>
        {filtered || filter.before ? (
          <Link href={`${base}/history`} className="py-2 text-sm text-indigo-600 hover:underline">
            {th("clear_filters")}
          </Link>
        ) : null}
      </form>
      <p className="mb-2 text-sm text-zinc-500" data-testid="list-total">
        {t("executions_total", { count: total })}
      </p>
      {rows.length === 0 && filter.q ? (
        <EmptyState title={t("no_match_title", { q: filter.q })}>{t("no_match")}</EmptyState>
      ) : rows.length === 0 ? (
        <EmptyState title={filtered ? th("none_match") : th("none_yet")}>
          {filtered
            ? th("widen")
            : th.rich("appear_here", {
                link: (chunks) => (
                  <Link href={base} className="text-indigo-600 hover:underline">
                    {chunks}
                  </Link>
                ),
              })}
        </EmptyState>
      ) : (
        <Card className="overflow-x-auto">
          <Table caption={th("caption")}>
            <THead>
              <Th>{th("col_when")}</Th>
              <Th>{th("col_order")}</Th>
              <Th>{th("template")}</Th>
              <Th>{th("environment")}</Th>
              <Th>{th("requester")}</Th>
              <Th>{th("col_executor")}</Th>
              <Th>{th("status")}</Th>
              <Th>{th("col_duration")}</Th>
            </THead>
            <TBody>
              {rows.map((e) => (
                <Tr key={e.id} hover data-testid="history-row">
                  <Td className="whitespace-nowrap text-zinc-500">
                    <time dateTime={e.queuedAt.toISOString()}>{dateTime(e.queuedAt, tenant.timeZone)}</time>
                  </Td>
                  <Td>
                    <Link
                      href={`${base}/${e.orderId}?execution=${e.id}`}
                      className="font-medium text-indigo-700 hover:underline"
                    >
                      <span className="text-zinc-400">#{e.orderNumber}</span> {e.orderTitle}
                    </Link>
                    <span className="ml-2" data-testid="history-order-status">
                      <StatusBadge status={e.orderStatus} lastRun={e.orderLastRun} policy={e.runPolicy} />
                    </span>
                  </Td>
                  <Td className="text-zinc-600">{e.templateName}</Td>
                  <Td>{environment.get(e.environmentId) ?? "—"}</Td>
                  <Td>{e.requesterName}</Td>
                  <Td>{e.executorName}</Td>
                  <Td>
                    <StatusBadge status={e.status} />
                    {e.exitCode !== null && e.status !== "succeeded" ? (
                      <span className="ml-1 font-mono text-xs text-zinc-500">{th("exit", { code: e.exitCode })}</span>
                    ) : null}
                  </Td>
                  <Td className="whitespace-nowrap text-zinc-500">
                    {durationBetween(e.startedAt, e.finishedAt, locale) ?? "—"}
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </Card>
      )}
      <OlderLink
        href={last ? olderHref(`${base}/history`, filters, cursorOf(last.queuedAt, last.id)) : null}
        label={th("older")}
      />
    </>
  );
}
