import { z } from "zod";
import {
  CHANNEL_KINDS,
  NOTIFY_EVENT_NAMES,
  type NotifyEvent,
  PREFERENCE_GROUPS,
  TEMPLATE_TARGETS,
} from "@/lib/notifications/catalog";
import { ZTenantInput, zIdempotencyKey } from "./tenancy";
import { controlCharacterProblem, zText } from "./text";

const zEvent = z.enum(NOTIFY_EVENT_NAMES as [NotifyEvent, ...NotifyEvent[]], { error: "Unknown event." });

export const ZSaveChannel = ZTenantInput.extend({
  /** Absent: a new channel. */
  id: z.uuid().optional(),
  name: zText({ min: 1, max: 80, required: "Name is required." }),
  kind: z.enum(CHANNEL_KINDS, { error: "Choose a channel kind." }),
  enabled: z.boolean().default(true),
  /** Events the channel carries; empty means all of them. */
  events: z.array(zEvent).max(NOTIFY_EVENT_NAMES.length).default([]),
  /** The webhook / bot URL. Empty on an edit keeps the stored one (it is never shown back). */
  url: z
    .union([
      z.literal(""),
      z
        .url({ protocol: /^https?$/, error: "Use an http(s) URL." })
        .max(2000, "At most 2000 characters.")
        .refine((u) => controlCharacterProblem(u, false) === null, "Use an http(s) URL."),
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
const zTarget = z.enum(TEMPLATE_TARGETS, { error: "Unknown template format or channel kind." });

export const ZSaveTemplate = ZTenantInput.extend({
  event: zEvent,
  format: zTarget,
  subject: zText({ min: 1, max: 300, required: "A subject (or title) is required." }),
  body: zText({ min: 1, max: 5000, multiline: true, required: "The message is required." }),
});
export type TSaveTemplate = z.infer<typeof ZSaveTemplate>;

export const ZTemplateRef = ZTenantInput.extend({ event: zEvent, format: zTarget });

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
