import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { FilterSelect } from "@/components/ui/filter-field";
import { OlderLink } from "@/components/ui/pagination";
import { PAGE_SIZE } from "@/db/queries/_keyset";
import { listChannels, listDeliveries } from "@/db/queries/notifications";
import { DELIVERY_STATUSES } from "@/db/schema/notifications";
import { withTenant } from "@/db/tenant";
import { renderStored } from "@/lib/i18n/translate";
import { eventKey, NOTIFY_EVENT_NAMES, type NotifyEvent } from "@/lib/notifications/catalog";
import { can } from "@/lib/permissions";
import { cursorOf, olderHref, readParams, zBefore } from "@/lib/search-params";
import { requireTenant } from "@/lib/session";
import { DeliveriesClient } from "./page-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("notifications"))("deliveries.meta_title") };
}

const ZDeliveryParams = z.object({
  status: z.enum(DELIVERY_STATUSES).optional().catch(undefined),
  channel: z.uuid().optional().catch(undefined),
  event: z
    .enum(NOTIFY_EVENT_NAMES as [NotifyEvent, ...NotifyEvent[]])
    .optional()
    .catch(undefined),
  before: zBefore,
});

export default async function DeliveriesPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { tenant, actor } = await requireTenant((await params).tenant);
  const all = await getTranslations("notifications");
  const t = await getTranslations("notifications.deliveries");
  const header = <PageHeader title={t("title")} description={t("description")} />;
  if (!can(actor, "channels.manage")) {
    return (
      <>
        {header}
        <EmptyState title={t("admin_only")}>{t("admin_only_body")}</EmptyState>
      </>
    );
  }
  const filter = readParams(ZDeliveryParams, await searchParams);
  const { rows, channels } = await withTenant(actor, async (tx) => ({
    rows: await listDeliveries(tx, {
      status: filter.status,
      channelId: filter.channel,
      event: filter.event,
      before: filter.before,
    }),
    channels: await listChannels(tx),
  }));
  const base = `/t/${tenant.slug}/notifications/deliveries`;
  const filters = { status: filter.status, channel: filter.channel, event: filter.event };
  const filtered = Boolean(filter.status || filter.channel || filter.event);
  const last = rows.length === PAGE_SIZE ? rows[rows.length - 1] : undefined;
  // Skip notes are codes (notifications.skip_*); a channel's or a mail server's answer stays as it was.
  const locale = await getLocale();
  const shown = (text: string | null) => (text === null ? null : renderStored(locale, text));
  return (
    <>
      {header}
      <form method="get" className="mb-4 flex flex-wrap items-end gap-3" aria-label={t("filter_label")}>
        <FilterSelect
          label={t("status_label")}
          name="status"
          value={filter.status}
          any={t("any_status")}
          options={DELIVERY_STATUSES.map((s) => ({ value: s, label: t(`status_filter.${s}`) }))}
        />
        <FilterSelect
          label={t("channel_label")}
          name="channel"
          value={filter.channel}
          any={t("any_channel")}
          options={channels.map((c) => ({
            value: c.id,
            label: t("channel_option", { name: c.name, kind: all(`kinds.${c.kind}`) }),
          }))}
        />
        <FilterSelect
          label={t("event_label")}
          name="event"
          value={filter.event}
          any={t("any_event")}
          options={NOTIFY_EVENT_NAMES.map((e) => ({ value: e, label: all(`events.${eventKey(e)}`) }))}
        />
        <Button type="submit" variant="secondary">
          {t("filter")}
        </Button>
        {filtered || filter.before ? (
          <Link href={base} className="py-2 text-sm text-indigo-600 hover:underline">
            {filtered ? t("clear_filters") : t("newest")}
          </Link>
        ) : null}
      </form>
      {rows.length === 0 ? (
        <EmptyState title={filtered ? t("empty_filtered") : filter.before ? t("empty_older") : t("empty")}>
          {filtered ? t("empty_filtered_body") : t("empty_body")}
        </EmptyState>
      ) : (
        <DeliveriesClient
          tenant={tenant.slug}
          rows={rows.map((r) => ({
            id: r.id,
            event: r.event,
            recipient: r.recipient,
            channelName: r.channelName,
            channelKind: r.channelKind,
            subject: r.subject,
            orderId: r.orderId,
            status: r.status,
            attempts: r.attempts,
            lastError: shown(r.lastError),
            attemptLog: r.attemptLog.map((a) => ({ ...a, detail: shown(a.detail) })),
            nextAttemptAt: r.nextAttemptAt?.toISOString() ?? null,
            createdAt: r.createdAt.toISOString(),
          }))}
        />
      )}
      <OlderLink href={last ? olderHref(base, filters, cursorOf(last.createdAt, last.id)) : null} label={t("older")} />
    </>
  );
}
