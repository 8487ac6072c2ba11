import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { CHANNEL_KINDS, type NotifyEvent, type PreferenceGroup, TEMPLATE_TARGETS } from "@/lib/notifications/catalog";
import { tenantIdColumn } from "./_columns";
import { auditColumns, tenantIsolation, ts } from "./_rls";
import { users } from "./tenancy";

/**
 * A tenant's notification channels. Every tenant starts with "Email" and "In-app"; admins add
 * webhooks and IM bots. `secret` is AES-256-GCM ciphertext of `{url, signingSecret}` and never
 * leaves the server; `events` limits the channel to some events (empty: all).
 */
export const notificationChannels = pgTable(
  "notification_channels",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    name: text("name").notNull(),
    kind: text("kind", { enum: CHANNEL_KINDS }).notNull(),
    enabled: boolean("enabled").notNull().default(true),
    events: text("events").array().$type<NotifyEvent[]>().notNull().default(sql`'{}'::text[]`),
    secret: text("secret"),
    ...auditColumns(),
  },
  (t) => [
    uniqueIndex("notification_channels_name_key").on(t.tenantId, sql`lower(${t.name})`),
    check(
      "notification_channels_kind",
      sql`${t.kind} in ('email','in_app','webhook','slack','dingtalk','feishu','wecom')`,
    ),
    tenantIsolation("notification_channels"),
  ],
).enableRLS();

/**
 * A tenant's wording of one event for one target: a format (email / im / in_app) or an IM kind
 * (webhook / slack / dingtalk / feishu / wecom), which overrides the shared "im" text for that kind
 * only (`resolveTemplate`). Absent → the fallback, at the end the built-in wording. A row may be
 * one language's version (`locale`); the recipient's language is looked for first, then the
 * tenant's default language's, then the version with no language.
 */
export const notificationTemplates = pgTable(
  "notification_templates",
  {
    tenantId: tenantIdColumn(),
    event: text("event").notNull(),
    /** A TemplateTarget (the name is from when only formats were stored). */
    format: text("format", { enum: TEMPLATE_TARGETS }).notNull(),
    /** The language of this version (en / zh-CN); null: the default version, for any language. */
    locale: text("locale"),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    ...auditColumns(),
  },
  (t) => [
    unique("notification_templates_key").on(t.tenantId, t.event, t.format, t.locale).nullsNotDistinct(),
    check("notification_templates_locale", sql`${t.locale} in ('en', 'zh-CN')`),
    check(
      "notification_templates_format",
      sql`${t.format} in ('email','im','in_app','webhook','slack','dingtalk','feishu','wecom')`,
    ),
    tenantIsolation("notification_templates"),
  ],
).enableRLS();

/** What one member wants for one event: a subset of email / in_app / im. Absent → all of them. */
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    tenantId: tenantIdColumn(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    event: text("event").notNull(),
    channels: text("channels").array().$type<PreferenceGroup[]>().notNull(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.userId, t.event] }), tenantIsolation("notification_preferences")],
).enableRLS();

/** A member who muted an order hears nothing more of it (approval requests still reach them). */
export const notificationMutes = pgTable(
  "notification_mutes",
  {
    tenantId: tenantIdColumn(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    orderId: uuid("order_id").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.userId, t.orderId] }), tenantIsolation("notification_mutes")],
).enableRLS();

export const DELIVERY_STATUSES = ["pending", "sent", "failed", "skipped"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One message to one recipient over one channel: the delivery log. Written by the fan-out (one
 * per source event × recipient × channel, so a replayed fan-out adds nothing) and updated by each
 * delivery attempt.
 */
/**
 * One attempt at a delivery, as its log keeps it: written as `sending` when the attempt starts
 * (before anything leaves), then ended with when (`at`) and how. An attempt still `sending` that
 * is not the current one was cut short (a crash): the message may have gone out.
 */
export type DeliveryAttempt = {
  at: string;
  outcome: "sending" | "sent" | "failed" | "skipped";
  detail: string | null;
  /** When the attempt started (absent in entries written before attempts were logged up front). */
  startedAt?: string;
};

export const notificationDeliveries = pgTable(
  "notification_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    sourceEventId: text("source_event_id").notNull(),
    event: text("event").notNull(),
    /** The source event's payload (the email of an approval request builds its links from it). */
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    recipientId: uuid("recipient_id").notNull(),
    recipient: text("recipient").notNull(),
    /** Null once the channel is deleted: the log keeps its name and kind. */
    channelId: uuid("channel_id").references(() => notificationChannels.id, { onDelete: "set null" }),
    channelName: text("channel_name").notNull(),
    channelKind: text("channel_kind", { enum: CHANNEL_KINDS }).notNull(),
    orderId: uuid("order_id"),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    /** The language the message was written in (the recipient's; a channel's: the tenant's default). */
    locale: text("locale").notNull().default("en"),
    link: text("link"),
    status: text("status", { enum: DELIVERY_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    /** Every attempt, in order: when it ended and how (the error, or why it was skipped). */
    attemptLog: jsonb("attempt_log").$type<DeliveryAttempt[]>().notNull().default(sql`'[]'::jsonb`),
    /** While pending after a failed attempt: when the next attempt is due (null while one runs). */
    nextAttemptAt: ts("next_attempt_at"),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    sentAt: ts("sent_at"),
  },
  (t) => [
    uniqueIndex("notification_deliveries_once_key").on(t.tenantId, t.sourceEventId, t.recipientId, t.channelId),
    index("notification_deliveries_tenant_created_idx").on(
      t.tenantId,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index("notification_deliveries_tenant_status_idx").on(
      t.tenantId,
      t.status,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    check("notification_deliveries_status", sql`${t.status} in ('pending','sent','failed','skipped')`),
    tenantIsolation("notification_deliveries"),
  ],
).enableRLS();

/** The in-app inbox: one row per in-app delivery. */
export const inAppNotifications = pgTable(
  "in_app_notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    deliveryId: uuid("delivery_id").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    link: text("link"),
    readAt: ts("read_at"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("in_app_notifications_delivery_key").on(t.deliveryId),
    index("in_app_notifications_user_idx").on(
      t.tenantId,
      t.userId,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index("in_app_notifications_unread_idx").on(t.tenantId, t.userId).where(sql`read_at is null`),
    tenantIsolation("in_app_notifications"),
  ],
).enableRLS();
