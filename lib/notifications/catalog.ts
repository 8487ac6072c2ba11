// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${var} is the notification templates' placeholder syntax.
/**
 * What can be notified, over what, and how it reads by default. Shared by the schema, validation,
 * the fan-out and the UI (no server imports).
 */

/**
 * The events people are told about (each is an Inngest event the domain already emits). The label
 * and who hears it are read in messages/<locale>/notifications.json (`events.*`, `who.*`, by
 * `eventKey`); the English here documents them.
 */
export const NOTIFY_EVENTS = {
  "work-order/submitted": { label: "Order submitted", who: "the requester" },
  "approval/requested": { label: "Approval requested", who: "the approver" },
  "approval/cc": { label: "Copied on an approval", who: "the people a cc level names" },
  "work-order/approved": { label: "Order approved", who: "the requester" },
  "work-order/rejected": { label: "Order rejected", who: "the requester" },
  "work-order/expired": { label: "Order expired", who: "the requester" },
  "approval/urged": { label: "Approval urged", who: "the pending approvers" },
  "work-order/execution.finished": { label: "Execution finished", who: "the requester and the executor" },
  "job/run.failed": { label: "Job run failed", who: "the job's alert channels" },
  "job/run.timed-out": { label: "Job run timed out", who: "the job's alert channels" },
  "job/run.failing": { label: "Job failing repeatedly", who: "the job's alert channels" },
  "job/run.recovered": { label: "Job recovered", who: "the job's alert channels" },
  "job/schedule.rearmed": { label: "Job schedule re-armed", who: "the job's alert channels" },
} as const;

export type NotifyEvent = keyof typeof NOTIFY_EVENTS;
export const NOTIFY_EVENT_NAMES = Object.keys(NOTIFY_EVENTS) as NotifyEvent[];

/**
 * The jobs' alerts (lib/jobs/alert-plan.ts): about a job, not an order. They go to the channels
 * the job names (its `alerts.channelIds`); email and in-app ones reach the job's creator and its
 * last editor.
 */
export const JOB_NOTIFY_EVENTS = [
  "job/run.failed",
  "job/run.timed-out",
  "job/run.failing",
  "job/run.recovered",
  "job/schedule.rearmed",
] as const satisfies readonly NotifyEvent[];
export type JobNotifyEvent = (typeof JOB_NOTIFY_EVENTS)[number];
export const isJobEvent = (event: string): event is JobNotifyEvent =>
  (JOB_NOTIFY_EVENTS as readonly string[]).includes(event);

export const CHANNEL_KINDS = ["email", "in_app", "webhook", "slack", "dingtalk", "feishu", "wecom"] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** Kinds that post to an outside URL (and so carry an encrypted URL, maybe a signing secret). */
export const URL_KINDS: readonly ChannelKind[] = ["webhook", "slack", "dingtalk", "feishu", "wecom"];
/** Kinds whose URL can be paired with a signing secret (HMAC header, DingTalk/Feishu sign). */
export const SIGNED_KINDS: readonly ChannelKind[] = ["webhook", "dingtalk", "feishu"];

/** What a person chooses per event: email, in-app, or the team's IM channels. */
export const PREFERENCE_GROUPS = ["email", "in_app", "im"] as const;
export type PreferenceGroup = (typeof PREFERENCE_GROUPS)[number];

export function preferenceGroup(kind: ChannelKind): PreferenceGroup {
  return kind === "email" || kind === "in_app" ? kind : "im";
}

/** A template is written per event and format: emails, IM posts (all URL kinds) and in-app. */
export const FORMATS = ["email", "im", "in_app"] as const;
export type Format = (typeof FORMATS)[number];
export const formatOf = (kind: ChannelKind): Format => (kind === "email" || kind === "in_app" ? kind : "im");

/** The kinds that share the "im" format's text unless the tenant gives one its own. */
export const IM_KINDS = ["webhook", "slack", "dingtalk", "feishu", "wecom"] as const satisfies readonly ChannelKind[];
export type ImKind = (typeof IM_KINDS)[number];
export const isImKind = (target: string): target is ImKind => (IM_KINDS as readonly string[]).includes(target);

/**
 * What a tenant's template is stored for (the `format` column): a format, or one IM kind whose own
 * text overrides the shared "im" text for that kind only (Slack's mrkdwn is not DingTalk's markdown).
 */
export const TEMPLATE_TARGETS = [...FORMATS, ...IM_KINDS] as const;
export type TemplateTarget = (typeof TEMPLATE_TARGETS)[number];

/** Where a channel of `kind` looks for the tenant's wording, most specific first. */
const templateTargetsOf = (kind: ChannelKind): TemplateTarget[] =>
  kind === "email" || kind === "in_app" ? [kind] : [kind, "im"];

/** The `${var}`s a template may use, with the sample values the preview shows. */
export const TEMPLATE_VARS = {
  userName: "Ada Lovelace",
  tenantName: "Acme Ops",
  event: "Order approved",
  orderNumber: "42",
  orderTitle: "Deploy billing to prod",
  templateName: "Deploy Docker",
  environment: "PROD",
  requesterName: "Grace Hopper",
  actorName: "Linus Torvalds",
  status: "approved",
  reason: "Change freeze until Monday",
  jobName: "Nightly backup",
  attempt: "3",
  failures: "3",
  error: "The command exited with status 2.",
  link: "https://opsdesk.example/t/acme/work-orders/0f8c…",
} as const;
export type TemplateVar = keyof typeof TEMPLATE_VARS;
export type TemplateVars = Record<TemplateVar, string>;

export type MessageTemplate = { subject: string; body: string };

/**
 * A translator with full keys ("notifications.builtin.…"): `translator(locale)` on the server,
 * `useTranslations()` in a client component.
 */
export type TextOf = (key: string, values?: Record<string, string | number | Date>) => string;

/** An event as a message key: `work-order/execution.finished` is `work_order_execution_finished`. */
export const eventKey = (event: string): string => event.replace(/[^a-z0-9]+/g, "_");

/** Each `${var}` as itself, so the built-in wording comes back as a template ("{orderNumber}" → "${orderNumber}"). */
const AS_PLACEHOLDERS = Object.fromEntries(Object.keys(TEMPLATE_VARS).map((k) => [k, `\${${k}}`])) as Record<
  TemplateVar,
  string
>;

/**
 * The built-in wording of each event, in the language of `t` (messages/<locale>/notifications.json,
 * `builtin.*`); a tenant may override any (event, target, language). Every IM kind starts from the
 * "im" one; the email adds its link.
 */
export function defaultTemplate(event: NotifyEvent, target: TemplateTarget, t: TextOf): MessageTemplate {
  const key = `notifications.builtin.${eventKey(event)}`;
  const body = t(`${key}.body`, AS_PLACEHOLDERS);
  return {
    subject: t(`${key}.subject`, AS_PLACEHOLDERS),
    body: target === "email" ? `${body}\n\n${t("notifications.builtin.email_open", AS_PLACEHOLDERS)}` : body,
  };
}

/** One of the tenant's own wordings: its target, its language (null: the default version) and text. */
export type TemplateOverride = MessageTemplate & { format: TemplateTarget; locale: string | null };

/**
 * The wording a channel of `kind` gets for `event` in `locale`, given the tenant's own templates of
 * that event: for the kind's own target (an IM kind's override, or the Email / In-app one), else for
 * an IM kind the shared "im" one, the version in `locale`, else the one in the tenant's default
 * language (`tenantLocale`), else the one with no language; at the end the built-in wording in
 * `locale` (`t`). `from` says which target it was.
 */
export function resolveTemplate(
  event: NotifyEvent,
  kind: ChannelKind,
  overrides: readonly TemplateOverride[],
  languages: { locale: string; tenantLocale: string; t: TextOf },
): { template: MessageTemplate; from: TemplateTarget | "default"; locale: string | null } {
  for (const target of templateTargetsOf(kind)) {
    for (const locale of [languages.locale, languages.tenantLocale, null]) {
      const row = overrides.find((o) => o.format === target && o.locale === locale);
      if (row) return { template: { subject: row.subject, body: row.body }, from: target, locale };
    }
  }
  return { template: defaultTemplate(event, formatOf(kind), languages.t), from: "default", locale: languages.locale };
}

const PLACEHOLDER = /\$\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}/g;

/** The `${names}` a text uses that are not template variables (in order of first use). */
export function unknownVariables(text: string): string[] {
  const unknown = new Set<string>();
  for (const m of text.matchAll(PLACEHOLDER)) {
    const name = m[1] as string;
    if (!(name in TEMPLATE_VARS)) unknown.add(name);
  }
  return [...unknown];
}

/**
 * A value (an order title, a name, a reason: what members write) as `kind` shows it literally, so
 * it can neither ping, nor link, nor format. Slack: `&`, `<`, `>` as Slack documents (no
 * `<!channel>`, no `<url|label>`). DingTalk and WeCom (markdown) and Feishu (text, which renders
 * `[label](url)`, `**bold**` and `<at>` tags): markdown punctuation backslash-escaped, `#` at a
 * line's start too, `<` and `>` as entities. Email is HTML-escaped where it is built, in-app is
 * React text and a webhook is JSON: nothing to do for them.
 */
export function escapeValue(kind: ChannelKind, value: string): string {
  switch (kind) {
    case "slack":
      return value.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
    case "dingtalk":
    case "wecom":
    case "feishu":
      return value
        .replace(/[\\`*_~[\]]/g, "\\$&")
        .replace(/^([ \t]*)#/gm, "$1\\#")
        .replaceAll("<", "&lt;")
        .replaceAll(">", "&gt;");
    default:
      return value;
  }
}

/**
 * Replaces each `${var}` with its value; unknown names are left as written. For a channel `kind`,
 * the values are escaped for it (the template's own text is the admin's, and stays as written).
 */
export function renderText(text: string, vars: Partial<TemplateVars>, kind?: ChannelKind): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    if (!(name in TEMPLATE_VARS)) return whole;
    const value = vars[name as TemplateVar] ?? "";
    return kind ? escapeValue(kind, value) : value;
  });
}

export function renderTemplate(t: MessageTemplate, vars: Partial<TemplateVars>, kind?: ChannelKind): MessageTemplate {
  return { subject: renderText(t.subject, vars, kind), body: renderText(t.body, vars, kind) };
}
