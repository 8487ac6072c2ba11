import type { Metadata } from "next";
import Link from "next/link";
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
import { CHANNEL_KIND_LABEL, NOTIFY_EVENT_NAMES, NOTIFY_EVENTS, type NotifyEvent } from "@/lib/notifications/catalog";
import { can } from "@/lib/permissions";
import { cursorOf, olderHref, readParams, zBefore } from "@/lib/search-params";
import { requireTenant } from "@/lib/session";
import { DeliveriesClient } from "./page-client";

export const metadata: Metadata = { title: "Delivery log · Notifications" };

const STATUS_LABEL: Record<(typeof DELIVERY_STATUSES)[number], string> = {
  pending: "Pending (or retrying)",
  sent: "Sent",
  failed: "Failed",
  skipped: "Skipped",
};

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
  const header = (
    <PageHeader
      title="Delivery log"
      description="Every notification sent, to whom and over which channel, with its attempts and errors."
    />
  );
  if (!can(actor, "channels.manage")) {
    return (
      <>
        {header}
        <EmptyState title="Only owners and admins can read the delivery log">
          Your own notifications are in the Inbox.
        </EmptyState>
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
  return (
    <>
      {header}
      <form method="get" className="mb-4 flex flex-wrap items-end gap-3" aria-label="Filter the delivery log">
        <FilterSelect
          label="Status"
          name="status"
          value={filter.status}
          any="Any status"
          options={DELIVERY_STATUSES.map((s) => ({ value: s, label: STATUS_LABEL[s] }))}
        />
        <FilterSelect
          label="Channel"
          name="channel"
          value={filter.channel}
          any="Any channel"
          options={channels.map((c) => ({ value: c.id, label: `${c.name} (${CHANNEL_KIND_LABEL[c.kind]})` }))}
        />
        <FilterSelect
          label="Event"
          name="event"
          value={filter.event}
          any="Any event"
          options={NOTIFY_EVENT_NAMES.map((e) => ({ value: e, label: NOTIFY_EVENTS[e].label }))}
        />
        <Button type="submit" variant="secondary">
          Filter
        </Button>
        {filtered || filter.before ? (
          <Link href={base} className="py-2 text-sm text-indigo-600 hover:underline">
            {filtered ? "Clear filters" : "Newest"}
          </Link>
        ) : null}
      </form>
      {rows.length === 0 ? (
        <EmptyState
          title={
            filtered ? "No deliveries match these filters" : filter.before ? "No older deliveries" : "No deliveries yet"
          }
        >
          {filtered
            ? "Clear the filters to see every delivery."
            : "When orders are submitted, approved, rejected or executed, each message sent to each person over each channel is listed here."}
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
            lastError: r.lastError,
            attemptLog: r.attemptLog,
            nextAttemptAt: r.nextAttemptAt?.toISOString() ?? null,
            createdAt: r.createdAt.toISOString(),
          }))}
        />
      )}
      <OlderLink
        href={last ? olderHref(base, filters, cursorOf(last.createdAt, last.id)) : null}
        label="Older deliveries"
      />
    </>
  );
}
