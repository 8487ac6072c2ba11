import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { FilterDate, FilterSelect } from "@/components/ui/filter-field";
import { OlderLink } from "@/components/ui/pagination";
import { SearchBox } from "@/components/ui/search-box";
import { Table, TBody, Td, THead, Th, Tr } from "@/components/ui/table";
import { STATUS_LABEL } from "@/components/work-orders/labels";
import { StatusBadge } from "@/components/work-orders/status-badge";
import { PAGE_SIZE } from "@/db/queries/_keyset";
import { listMembers } from "@/db/queries/tenancy";
import { countExecutions, listCategories, listExecutions, listTemplates } from "@/db/queries/work-orders";
import { withTenant } from "@/db/tenant";
import { dateTime, durationBetween } from "@/lib/format";
import { cursorOf, olderHref, readParams, ZHistoryParams } from "@/lib/search-params";
import { requireTenant } from "@/lib/session";
import { seesAllExecutions } from "@/lib/work-orders/execution-access";

export const metadata: Metadata = { title: "History · Work orders" };

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
      <PageHeader
        title="History"
        description={
          everyone
            ? "Every execution in this tenant, newest first. Open one to see its order, timeline and full output."
            : "Executions of orders you requested or ran, newest first (admins see everyone's). Open one to see its order, timeline and full output."
        }
      />
      <form method="get" className="mb-4 flex flex-wrap items-end gap-3" aria-label="Filter the history">
        <SearchBox
          label={t("search")}
          placeholder={t("history_placeholder")}
          hint={t("search_hint")}
          defaultValue={filter.q}
        />
        <FilterSelect
          label="Template"
          name="template"
          value={filter.template}
          any="Any template"
          options={templates.map((t) => ({ value: t.id, label: t.name }))}
        />
        <FilterSelect
          label="Environment"
          name="environment"
          value={filter.environment}
          any="Any environment"
          options={categories.filter((c) => c.kind === "environment").map((c) => ({ value: c.id, label: c.name }))}
        />
        <FilterSelect
          label="Status"
          name="status"
          value={filter.status}
          any="Any status"
          options={EXECUTION_STATUSES.map((s) => ({ value: s, label: STATUS_LABEL[s] }))}
        />
        <FilterSelect
          label="Requester"
          name="requester"
          value={filter.requester}
          any="Anyone"
          options={members.map((m) => ({ value: m.userId, label: m.name }))}
        />
        <FilterDate label="From" name="from" value={filter.from} />
        <FilterDate label="To" name="to" value={filter.to} />
        <Button type="submit" variant="secondary">
          Filter
        </Button>
        {filtered || filter.before ? (
          <Link href={`${base}/history`} className="py-2 text-sm text-indigo-600 hover:underline">
            Clear filters
          </Link>
        ) : null}
      </form>
      <p className="mb-2 text-sm text-zinc-500" data-testid="list-total">
        {t("executions_total", { count: total })}
      </p>
      {rows.length === 0 && filter.q ? (
        <EmptyState title={t("no_match_title", { q: filter.q })}>{t("no_match")}</EmptyState>
      ) : rows.length === 0 ? (
        <EmptyState title={filtered ? "No executions match these filters" : "Nothing has been executed yet"}>
          {filtered ? (
            "Widen the dates or clear the filters."
          ) : (
            <>
              Executions appear here once an approved order runs —{" "}
              <Link href={base} className="text-indigo-600 hover:underline">
                submit one
              </Link>
              .
            </>
          )}
        </EmptyState>
      ) : (
        <Card className="overflow-x-auto">
          <Table caption="Executions">
            <THead>
              <Th>When</Th>
              <Th>Order</Th>
              <Th>Template</Th>
              <Th>Environment</Th>
              <Th>Requester</Th>
              <Th>Executed by</Th>
              <Th>Status</Th>
              <Th>Duration</Th>
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
                  </Td>
                  <Td className="text-zinc-600">{e.templateName}</Td>
                  <Td>{environment.get(e.environmentId) ?? "—"}</Td>
                  <Td>{e.requesterName}</Td>
                  <Td>{e.executorName}</Td>
                  <Td>
                    <StatusBadge status={e.status} />
                    {e.exitCode !== null && e.status !== "succeeded" ? (
                      <span className="ml-1 font-mono text-xs text-zinc-500">exit {e.exitCode}</span>
                    ) : null}
                  </Td>
                  <Td className="whitespace-nowrap text-zinc-500">
                    {durationBetween(e.startedAt, e.finishedAt) ?? "—"}
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </Card>
      )}
      <OlderLink href={last ? olderHref(`${base}/history`, filters, cursorOf(last.queuedAt, last.id)) : null} />
    </>
  );
}
