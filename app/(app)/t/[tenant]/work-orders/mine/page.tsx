import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { FilterSelect } from "@/components/ui/filter-field";
import { OlderLink } from "@/components/ui/pagination";
import { SearchBox } from "@/components/ui/search-box";
import { Table, TBody, Td, THead, Th, Tr } from "@/components/ui/table";
import { StatusBadge } from "@/components/work-orders/status-badge";
import { PAGE_SIZE } from "@/db/queries/_keyset";
import { countOrders, listOrders } from "@/db/queries/work-orders";
import { withTenant } from "@/db/tenant";
import { dateTime, relative } from "@/lib/format";
import { cursorOf, olderHref, readParams, ZOrdersParams } from "@/lib/search-params";
import { requireTenant } from "@/lib/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("work-orders.mine"))("meta") };
}

const ORDER_STATUSES = ["pending", "approved", "rejected", "withdrawn", "expired"] as const;

export default async function MyOrdersPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { tenant, actor, user } = await requireTenant((await params).tenant);
  const filter = readParams(ZOrdersParams, await searchParams);
  const t = await getTranslations("lists");
  const tm = await getTranslations("work-orders.mine");
  const ts = await getTranslations("work-orders.status");
  const locale = await getLocale();
  const mine = { requesterId: user.id, status: filter.status, q: filter.q };
  const [rows, total] = await withTenant(actor, (tx) =>
    Promise.all([listOrders(tx, { ...mine, before: filter.before }), countOrders(tx, mine)]),
  );
  const base = `/t/${tenant.slug}/work-orders`;
  const last = rows.length === PAGE_SIZE ? rows[rows.length - 1] : undefined;
  return (
    <>
      <PageHeader title={tm("title")} description={tm("description")} />
      <form method="get" className="mb-4 flex flex-wrap items-end gap-3" aria-label={tm("filter_label")}>
        <SearchBox
          label={t("search")}
          placeholder={t("orders_placeholder")}
          hint={t("search_hint")}
          defaultValue={filter.q}
        />
        <FilterSelect
          label={tm("status")}
          name="status"
          value={filter.status}
          any={tm("any_status")}
          options={ORDER_STATUSES.map((s) => ({ value: s, label: ts(s) }))}
        />
        <Button type="submit" variant="secondary">
          {tm("filter")}
        </Button>
        {filter.status || filter.before || filter.q ? (
          <Link href={`${base}/mine`} className="py-2 text-sm text-indigo-600 hover:underline">
            {tm("show_all")}
          </Link>
        ) : null}
      </form>
      <p className="mb-2 text-sm text-zinc-500" data-testid="list-total">
        {t("orders_total", { count: total })}
      </p>
      {rows.length === 0 && filter.q ? (
        <EmptyState title={t("no_match_title", { q: filter.q })}>{t("no_match")}</EmptyState>
      ) : rows.length === 0 ? (
        <EmptyState title={filter.status ? tm("none_with_status") : tm("none_yet")}>
          {filter.status
            ? tm("clear_filter")
            : tm.rich("pick_template", {
                link: (chunks) => (
                  <Link href={base} className="text-indigo-600 hover:underline">
                    {chunks}
                  </Link>
                ),
              })}
        </EmptyState>
      ) : (
        <Card className="overflow-x-auto">
          <Table caption={tm("title")}>
            <THead>
              <Th>{tm("col_order")}</Th>
              <Th>{tm("col_template")}</Th>
              <Th>{tm("status")}</Th>
              <Th>{tm("col_level")}</Th>
              <Th>{tm("col_age")}</Th>
              <Th>{tm("col_last_execution")}</Th>
            </THead>
            <TBody>
              {rows.map((o) => {
                const levelName = o.status === "pending" ? o.levelName : null;
                return (
                  <Tr key={o.id} hover>
                    <Td>
                      <Link href={`${base}/${o.id}`} className="font-medium text-indigo-700 hover:underline">
                        <span className="text-zinc-400">#{o.number}</span> {o.title}
                      </Link>
                    </Td>
                    <Td className="text-zinc-600">{o.templateName}</Td>
                    <Td>
                      <StatusBadge status={o.status} lastRun={o.lastExecutionStatus} policy={o.runPolicy} />
                    </Td>
                    <Td className="text-zinc-600">{levelName ?? "—"}</Td>
                    <Td className="whitespace-nowrap text-zinc-500">
                      <time dateTime={o.createdAt.toISOString()} title={dateTime(o.createdAt, tenant.timeZone)}>
                        {relative(o.createdAt, new Date(), locale)}
                      </time>
                    </Td>
                    <Td>
                      <StatusBadge status={o.lastExecutionStatus} />
                    </Td>
                  </Tr>
                );
              })}
            </TBody>
          </Table>
        </Card>
      )}
      <OlderLink
        href={last ? olderHref(`${base}/mine`, { status: filter.status }, cursorOf(last.createdAt, last.id)) : null}
        label={tm("older")}
      />
    </>
  );
}
