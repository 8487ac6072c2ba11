import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { AuditDiff } from "@/components/audit/audit-diff";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { FilterDate, FilterSelect } from "@/components/ui/filter-field";
import { OlderLink } from "@/components/ui/pagination";
import { SearchBox } from "@/components/ui/search-box";
import { Table, TBody, Td, THead, Th, Tr } from "@/components/ui/table";
import { listAudit, listAuditActions } from "@/db/queries/audit";
import { listMembers } from "@/db/queries/tenancy";
import { withTenant } from "@/db/tenant";
import { dateTime } from "@/lib/format";
import { msgKey } from "@/lib/i18n/message";
import { renderMessage } from "@/lib/i18n/translate";
import { can, permissionLabelKey } from "@/lib/permissions";
import { readParams, ZAuditParams } from "@/lib/search-params";
import { requireTenant } from "@/lib/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("audit"))("title") };
}

/** Where an audit row's target is shown, by its type (null: it has no page of its own). */
function targetHref(base: string, r: { targetType: string; targetId: string | null; targetOrderId: string | null }) {
  const id = r.targetId;
  switch (r.targetType) {
    case "work_order":
      return id ? `${base}/work-orders/${id}` : null;
    case "execution":
      return r.targetOrderId ? `${base}/work-orders/${r.targetOrderId}` : null;
    case "template":
      return id ? `${base}/work-orders/templates/${id}` : null;
    case "approval_flow":
      return id ? `${base}/approvals/flows/${id}` : null;
    case "category":
      return `${base}/work-orders/categories`;
    case "member":
    case "invitation":
      return `${base}/members`;
    case "role":
      return `${base}/members/roles`;
    case "notification_channel":
      return `${base}/notifications/channels`;
    case "notification_template":
      return `${base}/notifications/templates`;
    case "notification_delivery":
      return `${base}/notifications/deliveries`;
    case "tenant":
      return `${base}/settings`;
    case "inngest_run":
      return id ? `${base}/runs/${id}` : null;
    default:
      return null;
  }
}

export default async function AuditPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { tenant, actor } = await requireTenant((await params).tenant);
  const t = await getTranslations("audit");
  if (!can(actor, "audit.read")) {
    return (
      <>
        <PageHeader title={t("title")} />
        <EmptyState title={t("no_access_title")}>
          {renderMessage(await getLocale(), "common.missing_permission", {
            permission: msgKey(permissionLabelKey("audit.read")),
          })}
        </EmptyState>
      </>
    );
  }
  const filter = readParams(ZAuditParams, await searchParams);
  const { page, actions, members } = await withTenant(actor, async (tx) => ({
    page: await listAudit(tx, filter),
    actions: await listAuditActions(tx),
    members: await listMembers(tx),
  }));
  const base = `/t/${tenant.slug}/audit`;
  const olderHref = page.next
    ? `${base}?${new URLSearchParams({
        ...Object.fromEntries(
          Object.entries(filter)
            .filter(([, v]) => v !== undefined && v !== null)
            .map(([k, v]) => [k, String(v)]),
        ),
        before: String(page.next),
      })}`
    : null;
  const filtered = Boolean(filter.actor || filter.action || filter.from || filter.to || filter.q);
  const actionLabel = (a: string) =>
    t.has(`actions.${a.replaceAll(".", "_")}`) ? t(`actions.${a.replaceAll(".", "_")}`) : a;
  const targetLabel = (type: string) => (t.has(`targets.${type}`) ? t(`targets.${type}`) : type);
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <form method="get" className="mb-4 flex flex-wrap items-end gap-3" aria-label={t("filter")}>
        <SearchBox
          label={t("search")}
          placeholder={t("search_placeholder")}
          hint={t("search_hint")}
          defaultValue={filter.q}
        />
        <FilterSelect
          label={t("actor")}
          name="actor"
          value={filter.actor}
          any={t("anyone")}
          options={members.map((m) => ({ value: m.userId, label: m.name }))}
        />
        <FilterSelect
          label={t("action")}
          name="action"
          value={filter.action}
          any={t("any_action")}
          options={actions.map((a) => ({ value: a, label: actionLabel(a) }))}
        />
        <FilterDate label={t("from")} name="from" value={filter.from} />
        <FilterDate label={t("to")} name="to" value={filter.to} />
        <Button type="submit" variant="secondary">
          {t("filter")}
        </Button>
        {filtered ? (
          <Link href={base} className="py-2 text-sm text-indigo-600 hover:underline">
            {t("clear")}
          </Link>
        ) : null}
      </form>
      <p className="mb-2 text-sm text-zinc-500" data-testid="audit-total">
        {t("total", { count: page.total })}
      </p>
      {page.rows.length === 0 ? (
        <EmptyState title={filtered ? t("empty_filtered_title") : t("empty_title")}>
          {filtered ? t("empty_filtered") : t("empty")}
        </EmptyState>
      ) : (
        <Card>
          <Table>
            <THead>
              <Th>{t("col_when")}</Th>
              <Th>{t("col_who")}</Th>
              <Th>{t("col_action")}</Th>
              <Th>{t("col_target")}</Th>
              <Th>{t("col_change")}</Th>
            </THead>
            <TBody>
              {page.rows.map((r) => (
                <Tr key={r.id} className="align-top">
                  <Td className="whitespace-nowrap text-zinc-500">
                    <time dateTime={r.createdAt.toISOString()}>
                      {dateTime(r.createdAt, tenant.timeZone, { seconds: true })}
                    </time>
                  </Td>
                  <Td>
                    {r.actorName ?? r.actorLabel ?? t("system")}
                    {r.ip ? <p className="text-xs text-zinc-400">{r.ip}</p> : null}
                  </Td>
                  <Td>
                    <span title={r.action}>{actionLabel(r.action)}</span>
                  </Td>
                  <Td className="text-sm">
                    <span className="block text-xs text-zinc-500">{targetLabel(r.targetType)}</span>
                    <TargetName href={targetHref(base, r)} name={r.targetName} gone={r.targetId ? t("gone") : null} />
                  </Td>
                  <Td>
                    <AuditDiff before={r.before} after={r.after} />
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </Card>
      )}
      <OlderLink href={olderHref} label={t("older")} />
    </>
  );
}

function TargetName({ href, name, gone }: { href: string | null; name: string | null; gone: string | null }) {
  const text = name ?? gone;
  if (!text) return null;
  return href ? (
    <Link href={href} className="text-indigo-600 hover:underline">
      {text}
    </Link>
  ) : (
    <span>{text}</span>
  );
}
