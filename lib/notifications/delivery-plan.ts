import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { type notificationDeliveries, notificationPreferences, tenants } from "@/db/schema";
import type { Tx } from "@/db/tenant";
import { type Locale, preferredLocale } from "@/lib/i18n/locales";
import { translator } from "@/lib/i18n/translate";
import {
  type ChannelKind,
  type NotifyEvent,
  type PreferenceGroup,
  renderTemplate,
  resolveTemplate,
  TEMPLATE_VARS,
  type TemplateOverride,
  type TemplateVar,
  type TemplateVars,
} from "./catalog";

/**
 * What the two planners (orders: plan-deliveries.ts, jobs: job-deliveries.ts) share: the tenant's
 * name and languages, people's preferences, and one message rendered for a channel kind.
 */

/** A domain event the fan-out plans deliveries for. */
export type SourceEvent = {
  id: string;
  name: NotifyEvent;
  data: { tenantId: string } & Record<string, unknown>;
};

export type DeliveryRow = typeof notificationDeliveries.$inferInsert;

/** Every variable empty: what an event says nothing about (an order's number in a job alert) renders as nothing. */
export const BLANK_VARS = Object.fromEntries(Object.keys(TEMPLATE_VARS).map((k) => [k, ""])) as Record<
  TemplateVar,
  string
>;

/** The tenant as messages name it, and its default language (channels read it; people without their own too). */
export async function tenantOf(tx: Tx, tenantId: string) {
  const [tenant] = await tx
    .select({ name: tenants.name, slug: tenants.slug, defaultLocale: tenants.defaultLocale })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  return tenant ? { ...tenant, locale: preferredLocale(tenant.defaultLocale) } : null;
}

/** Each person's chosen groups (email / in_app / im) for `event`; absent: all of them. */
export async function preferencesOf(
  tx: Tx,
  event: NotifyEvent,
  userIds: string[],
): Promise<Map<string, Set<PreferenceGroup>>> {
  if (userIds.length === 0) return new Map();
  const rows = await tx
    .select({ userId: notificationPreferences.userId, channels: notificationPreferences.channels })
    .from(notificationPreferences)
    .where(and(eq(notificationPreferences.event, event), inArray(notificationPreferences.userId, userIds)));
  return new Map(rows.map((p) => [p.userId, new Set<PreferenceGroup>(p.channels)]));
}

/**
 * The message a channel of `kind` gets for `event` in `locale` (`resolveTemplate`: the kind's own
 * template, the shared IM one, the built-in wording), its values escaped for the kind.
 */
export function messageFor(
  event: NotifyEvent,
  kind: ChannelKind,
  overrides: readonly TemplateOverride[],
  languages: { locale: Locale; tenantLocale: Locale },
  vars: TemplateVars,
) {
  const { template } = resolveTemplate(event, kind, overrides, { ...languages, t: translator(languages.locale) });
  return renderTemplate(template, vars, kind);
}

/**
 * One logged delivery: `person` × `channel`, with the message it reads (`messageFor`). Email is
 * addressed to the person's email, every other kind names the person.
 */
export function deliveryRow(
  event: SourceEvent,
  person: { id: string; name: string; email: string },
  channel: { id: string; name: string; kind: string },
  message: { subject: string; body: string },
  at: { locale: Locale; link: string; orderId: string | null },
): DeliveryRow {
  const kind = channel.kind as ChannelKind;
  return {
    sourceEventId: event.id,
    event: event.name,
    data: event.data,
    recipientId: person.id,
    recipient: kind === "email" ? person.email : person.name,
    channelId: channel.id,
    channelName: channel.name,
    channelKind: kind,
    orderId: at.orderId,
    subject: message.subject,
    body: message.body,
    locale: at.locale,
    link: at.link,
  };
}
