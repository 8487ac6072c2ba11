import { z } from "zod";
import { LOCALES } from "@/lib/i18n/locales";
import { msg } from "@/lib/i18n/message";
import {
  CHANNEL_KINDS,
  NOTIFY_EVENT_NAMES,
  type NotifyEvent,
  PREFERENCE_GROUPS,
  TEMPLATE_TARGETS,
} from "@/lib/notifications/catalog";
import { ZTenantInput, zIdempotencyKey } from "./tenancy";
import { controlCharacterProblem, zText } from "./text";

const zEvent = z.enum(NOTIFY_EVENT_NAMES as [NotifyEvent, ...NotifyEvent[]], {
  error: msg("notifications.unknown_event"),
});

export const ZSaveChannel = ZTenantInput.extend({
  /** Absent: a new channel. */
  id: z.uuid().optional(),
  name: zText({ min: 1, max: 80, required: msg("notifications.name_required") }),
  kind: z.enum(CHANNEL_KINDS, { error: msg("notifications.choose_kind") }),
  enabled: z.boolean().default(true),
  /** Events the channel carries; empty means all of them. */
  events: z.array(zEvent).max(NOTIFY_EVENT_NAMES.length).default([]),
  /** The webhook / bot URL. Empty on an edit keeps the stored one (it is never shown back). */
  url: z
    .union([
      z.literal(""),
      z
        .url({ protocol: /^https?$/, error: msg("notifications.http_url") })
        .max(2000, msg("notifications.url_too_long"))
        .refine((u) => controlCharacterProblem(u, false) === null, msg("notifications.http_url")),
    ])
    .default(""),
  /** HMAC / sign secret. Empty on an edit keeps the stored one; `clearSigningSecret` removes it. */
  signingSecret: zText({ max: 200 }).default(""),
  clearSigningSecret: z.boolean().default(false),
  idempotencyKey: zIdempotencyKey,
});
export type TSaveChannel = z.infer<typeof ZSaveChannel>;

export const ZChannelRef = ZTenantInput.extend({ id: z.uuid() });

/** `format`: what the template is for, a format or an IM kind overriding the shared IM text. */
const zTarget = z.enum(TEMPLATE_TARGETS, { error: msg("notifications.unknown_target") });

/** A template's language; empty or absent: the default version, for every language. */
const zTemplateLocale = z
  .union([z.literal(""), z.enum(LOCALES, { error: msg("notifications.unknown_locale") })])
  .optional()
  .transform((l) => l || null);

export const ZSaveTemplate = ZTenantInput.extend({
  event: zEvent,
  format: zTarget,
  locale: zTemplateLocale,
  subject: zText({ min: 1, max: 300, required: msg("notifications.subject_required") }),
  body: zText({ min: 1, max: 5000, multiline: true, required: msg("notifications.body_required") }),
});
export type TSaveTemplate = z.infer<typeof ZSaveTemplate>;

export const ZTemplateRef = ZTenantInput.extend({ event: zEvent, format: zTarget, locale: zTemplateLocale });

export const ZSavePreferences = ZTenantInput.extend({
  /** Per event, the channel groups wanted (missing events keep all groups). */
  preferences: z.partialRecord(zEvent, z.array(z.enum(PREFERENCE_GROUPS)).max(PREFERENCE_GROUPS.length)),
});

export const ZMuteOrder = ZTenantInput.extend({ orderId: z.uuid(), muted: z.boolean() });

export const ZDeliveryRef = ZTenantInput.extend({ id: z.uuid() });

export const ZMarkRead = ZTenantInput.extend({
  /** Absent: mark all of the member's notifications read. */
  id: z.uuid().optional(),
});
