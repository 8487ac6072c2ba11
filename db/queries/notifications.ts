import "server-only";
import { and, count, desc, eq, isNull, sql } from "drizzle-orm";
import {
  inAppNotifications,
  notificationChannels,
  notificationDeliveries,
  notificationMutes,
  notificationPreferences,
  notificationTemplates,
  users,
  workOrders,
} from "@/db/schema";
import type { Tx } from "@/db/tenant";
import type { NotifyEvent, TemplateOverride } from "@/lib/notifications/catalog";
import { after, type Cursor, PAGE_SIZE } from "./_keyset";

/** The tenant's channels. The secret itself never leaves the server: only whether one is set. */
export function listChannels(tx: Tx) {
  return tx
    .select({
      id: notificationChannels.id,
      name: notificationChannels.name,
      kind: notificationChannels.kind,
      enabled: notificationChannels.enabled,
      events: notificationChannels.events,
      secretSet: sql<boolean>`${notificationChannels.secret} is not null`,
      createdAt: notificationChannels.createdAt,
    })
    .from(notificationChannels)
    .orderBy(notificationChannels.createdAt, notificationChannels.id);
}
export type ChannelListItem = Awaited<ReturnType<typeof listChannels>>[number];

/** The tenant's own wordings (events × targets without a row fall back, see `resolveTemplate`). */
export function listTemplateOverrides(tx: Tx) {
  return tx
    .select({
      event: notificationTemplates.event,
      format: notificationTemplates.format,
      locale: notificationTemplates.locale,
      subject: notificationTemplates.subject,
      body: notificationTemplates.body,
      updatedAt: notificationTemplates.updatedAt,
    })
    .from(notificationTemplates);
}

/** The tenant's own wordings of one event, by target and language: what `resolveTemplate` picks from. */
export function templateOverridesOf(tx: Tx, event: NotifyEvent): Promise<TemplateOverride[]> {
  const t = notificationTemplates;
  return tx
    .select({ format: t.format, locale: t.locale, subject: t.subject, body: t.body })
    .from(t)
    .where(eq(t.event, event));
}

export function listPreferences(tx: Tx, userId: string) {
  return tx
    .select({ event: notificationPreferences.event, channels: notificationPreferences.channels })
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, userId));
}

export function listMutes(tx: Tx, userId: string) {
  return tx
    .select({
      orderId: notificationMutes.orderId,
      number: workOrders.number,
      title: workOrders.title,
      createdAt: notificationMutes.createdAt,
    })
    .from(notificationMutes)
    .innerJoin(workOrders, eq(workOrders.id, notificationMutes.orderId))
    .where(eq(notificationMutes.userId, userId))
    .orderBy(desc(notificationMutes.createdAt));
}

export async function isMuted(tx: Tx, userId: string, orderId: string): Promise<boolean> {
  const [row] = await tx
    .select({ orderId: notificationMutes.orderId })
    .from(notificationMutes)
    .where(and(eq(notificationMutes.userId, userId), eq(notificationMutes.orderId, orderId)));
  return Boolean(row);
}

export type DeliveryFilter = { status?: string; channelId?: string; event?: string; before?: Cursor };

/** The delivery log, newest first, keyset-paginated (notification_deliveries_tenant_*_idx). */
export function listDeliveries(tx: Tx, filter: DeliveryFilter) {
  const d = notificationDeliveries;
  return tx
    .select({
      id: d.id,
      event: d.event,
      recipient: d.recipient,
      channelId: d.channelId,
      channelName: d.channelName,
      channelKind: d.channelKind,
      subject: d.subject,
      orderId: d.orderId,
      status: d.status,
      attempts: d.attempts,
      lastError: d.lastError,
      attemptLog: d.attemptLog,
      nextAttemptAt: d.nextAttemptAt,
      createdAt: d.createdAt,
      updatedAt: d.updatedAt,
      sentAt: d.sentAt,
    })
    .from(d)
    .where(
      and(
        filter.status ? eq(d.status, filter.status as "pending") : undefined,
        filter.channelId ? eq(d.channelId, filter.channelId) : undefined,
        filter.event ? eq(d.event, filter.event) : undefined,
        after(d.createdAt, d.id, filter.before),
      ),
    )
    .orderBy(desc(d.createdAt), desc(d.id))
    .limit(PAGE_SIZE);
}
export type DeliveryListItem = Awaited<ReturnType<typeof listDeliveries>>[number];

/** One member's in-app notifications, newest first. */
export function listInbox(
  tx: Tx,
  userId: string,
  opts: { unreadOnly?: boolean; before?: Cursor; limit?: number } = {},
) {
  const n = inAppNotifications;
  return tx
    .select({ id: n.id, title: n.title, body: n.body, link: n.link, readAt: n.readAt, createdAt: n.createdAt })
    .from(n)
    .where(
      and(eq(n.userId, userId), opts.unreadOnly ? isNull(n.readAt) : undefined, after(n.createdAt, n.id, opts.before)),
    )
    .orderBy(desc(n.createdAt), desc(n.id))
    .limit(opts.limit ?? PAGE_SIZE);
}
export type InboxItem = Awaited<ReturnType<typeof listInbox>>[number];

export async function unreadCount(tx: Tx, userId: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(inAppNotifications)
    .where(and(eq(inAppNotifications.userId, userId), isNull(inAppNotifications.readAt)));
  return row?.n ?? 0;
}

/** A member's name and email (recipients, "send test"). */
export async function userContact(tx: Tx, userId: string) {
  const [row] = await tx
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(eq(users.id, userId));
  return row ?? null;
}
