import "server-only";
import { and, desc, eq, inArray, isNotNull, or, sql } from "drizzle-orm";
import { templateOverridesOf } from "@/db/queries/notifications";
import {
  approvalRecords,
  memberships,
  notificationChannels,
  notificationDeliveries,
  notificationMutes,
  users,
  woCategories,
  woExecutions,
  workOrders,
  woTemplates,
} from "@/db/schema";
import { type Tx, withTenant } from "@/db/tenant";
import { appUrl } from "@/lib/app-url";
import { type Locale, preferredLocale } from "@/lib/i18n/locales";
import { renderStored, translator } from "@/lib/i18n/translate";
import {
  type ChannelKind,
  eventKey,
  isJobEvent,
  type NotifyEvent,
  preferenceGroup,
  type TemplateVars,
} from "./catalog";
import {
  BLANK_VARS,
  type DeliveryRow,
  deliveryRow,
  messageFor,
  preferencesOf,
  type SourceEvent,
  tenantOf,
} from "./delivery-plan";
import { jobDeliveries } from "./job-deliveries";

export type { SourceEvent } from "./delivery-plan";

/** `${status}` in `locale`: an execution's outcome as words ("timed out"), or an order's status. */
function statusIn(locale: Locale, event: NotifyEvent, status: string): string {
  const t = translator(locale);
  const key = `notifications.${event === "work-order/execution.finished" ? "status_word" : "order_status"}.${status}`;
  return t.has(key) ? t(key) : status;
}

/** Who hears of an event: user ids, before preferences, mutes and membership are applied. */
function recipientsOf(event: SourceEvent, requesterId: string, executorId: string | undefined): string[] {
  const d = event.data as Record<string, unknown>;
  switch (event.name) {
    case "approval/requested":
      return [d.approverId as string];
    case "approval/cc":
      return [d.userId as string];
    case "approval/urged":
      return (d.approverIds as string[]) ?? [];
    case "work-order/execution.finished":
      return [requesterId, ...(executorId ? [executorId] : [])];
    default:
      return [requesterId];
  }
}

/** Who acted, for `${actorName}`: the decider of an approval/rejection, the executor, the requester. */
async function actorOf(
  tx: Tx,
  event: SourceEvent,
  orderId: string,
  requesterId: string,
  executorId?: string,
): Promise<string> {
  let actorId: string | null | undefined = requesterId;
  if (event.name === "work-order/approved" || event.name === "work-order/rejected") {
    const [rec] = await tx
      .select({ actorId: approvalRecords.actorId })
      .from(approvalRecords)
      .where(
        and(
          eq(approvalRecords.subjectType, "work_order"),
          eq(approvalRecords.subjectId, orderId),
          inArray(approvalRecords.action, ["approve", "reject"]),
          isNotNull(approvalRecords.actorId),
        ),
      )
      .orderBy(desc(approvalRecords.createdAt))
      .limit(1);
    actorId = rec?.actorId;
  } else if (event.name === "work-order/execution.finished") {
    actorId = executorId;
  }
  if (!actorId) return "Opsdesk";
  const [u] = await tx.select({ name: users.name }).from(users).where(eq(users.id, actorId));
  return u?.name ?? "Opsdesk";
}

/**
 * The fan-out of one domain event: logs one pending delivery per recipient × channel, and returns
 * the ids of those still pending. Idempotent per source event (deliveries are unique per source
 * event × recipient × channel): a replay adds nothing and returns the deliveries still pending.
 * An order's event plans here (`orderDeliveries`), a job's alert in job-deliveries.ts.
 */
export async function planDeliveries(event: SourceEvent): Promise<string[]> {
  return withTenant({ tenantId: event.data.tenantId, userId: null }, async (tx) => {
    const rows = isJobEvent(event.name) ? await jobDeliveries(tx, event) : await orderDeliveries(tx, event);
    if (rows.length) await tx.insert(notificationDeliveries).values(rows).onConflictDoNothing();
    const pending = await tx
      .select({ id: notificationDeliveries.id })
      .from(notificationDeliveries)
      .where(and(eq(notificationDeliveries.sourceEventId, event.id), eq(notificationDeliveries.status, "pending")));
    return pending.map((p) => p.id);
  });
}

/**
 * An order's event: resolves its recipients (current members only), each one's preferences and
 * mutes, and the tenant's enabled channels for the event (an approval request always includes the
 * Email channel), and renders the message per channel kind and language (in the recipient's
 * language for email and in-app, in the tenant's default language for a channel).
 */
async function orderDeliveries(tx: Tx, event: SourceEvent): Promise<DeliveryRow[]> {
  const { tenantId } = event.data;
  const orderId = event.data.orderId as string;
  const [order] = await tx
    .select({
      number: workOrders.number,
      title: workOrders.title,
      status: workOrders.status,
      requesterId: workOrders.requesterId,
      templateName: woTemplates.name,
      environment: woCategories.name,
    })
    .from(workOrders)
    .innerJoin(woTemplates, eq(woTemplates.id, workOrders.templateId))
    .innerJoin(woCategories, eq(woCategories.id, workOrders.environmentId))
    .where(eq(workOrders.id, orderId));
  const tenant = await tenantOf(tx, tenantId);
  if (!order || !tenant) return [];

  const executionId = event.data.executionId as string | undefined;
  const [execution] = executionId
    ? await tx
        .select({ executorId: woExecutions.executorId })
        .from(woExecutions)
        .where(eq(woExecutions.id, executionId))
    : [];
  const wanted = [...new Set(recipientsOf(event, order.requesterId, execution?.executorId))];
  if (wanted.length === 0) return [];
  // An approval request is an obligation, not news: mutes do not silence it, and its email (which
  // carries the approve/reject links) is always sent, whatever the Email channel's switch and events.
  const obligation = event.name === "approval/requested";
  const people = await tx
    .select({ id: users.id, name: users.name, email: users.email, locale: users.locale })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(inArray(memberships.userId, wanted));
  const channels = await tx
    .select({ id: notificationChannels.id, name: notificationChannels.name, kind: notificationChannels.kind })
    .from(notificationChannels)
    .where(
      or(
        and(
          eq(notificationChannels.enabled, true),
          sql`(cardinality(${notificationChannels.events}) = 0 or ${event.name} = any(${notificationChannels.events}))`,
        ),
        obligation ? eq(notificationChannels.kind, "email") : undefined,
      ),
    );
  if (people.length === 0 || channels.length === 0) return [];

  const prefs = await preferencesOf(tx, event.name, wanted);
  const muted = obligation
    ? new Set<string>()
    : new Set(
        (
          await tx
            .select({ userId: notificationMutes.userId })
            .from(notificationMutes)
            .where(and(eq(notificationMutes.orderId, orderId), inArray(notificationMutes.userId, wanted)))
        ).map((m) => m.userId),
      );
  const overrides = await templateOverridesOf(tx, event.name);

  const [requester] = await tx.select({ name: users.name }).from(users).where(eq(users.id, order.requesterId));
  const link = appUrl(`/t/${tenant.slug}/work-orders/${orderId}`);
  const status = (event.data.status as string | undefined) ?? order.status;
  // Language-neutral values; `event`, `status` and `reason` (a system's reason is a code) are
  // added per language (`varsIn`).
  const reason = (event.data.reason as string | undefined) ?? "";
  const common: Omit<TemplateVars, "userName" | "event" | "status" | "reason"> = {
    ...BLANK_VARS,
    tenantName: tenant.name,
    orderNumber: String(order.number),
    orderTitle: order.title || order.templateName,
    templateName: order.templateName,
    environment: order.environment,
    requesterName: requester?.name ?? "",
    actorName: await actorOf(tx, event, orderId, order.requesterId, execution?.executorId),
    link,
  };

  const tenantLocale = tenant.locale;
  const varsIn = (locale: Locale, userName: string): TemplateVars => ({
    ...common,
    userName,
    event: translator(locale)(`notifications.events.${eventKey(event.name)}`),
    status: statusIn(locale, event.name, status),
    reason: renderStored(locale, reason),
  });

  const rows: DeliveryRow[] = [];
  for (const person of people) {
    // A person reads their own language (users.locale), else the tenant's; a channel (a team's
    // Slack, a webhook) the tenant's.
    const ownLocale = preferredLocale(person.locale, tenantLocale);
    if (muted.has(person.id)) continue;
    const groups = prefs.get(person.id);
    for (const channel of channels) {
      const kind = channel.kind as ChannelKind;
      const forced = obligation && kind === "email";
      if (!forced && groups && !groups.has(preferenceGroup(kind))) continue;
      const locale = kind === "email" || kind === "in_app" ? ownLocale : tenantLocale;
      const msg = messageFor(event.name, kind, overrides, { locale, tenantLocale }, varsIn(locale, person.name));
      rows.push(deliveryRow(event, person, channel, msg, { locale, link, orderId }));
    }
  }
  return rows;
}
