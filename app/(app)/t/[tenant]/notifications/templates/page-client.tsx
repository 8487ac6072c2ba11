"use client";

import { useTranslations } from "next-intl";
import { type KeyboardEvent, type ReactNode, useId, useRef, useState } from "react";
import { toast } from "sonner";
import { toastFailure } from "@/components/ui/action-toast";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field, FormError } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { LOCALE_NAMES, LOCALES, type Locale } from "@/lib/i18n/locales";
import {
  type ChannelKind,
  defaultTemplate,
  eventKey,
  FORMATS,
  type Format,
  IM_KINDS,
  type ImKind,
  isImKind,
  type MessageTemplate,
  NOTIFY_EVENT_NAMES,
  type NotifyEvent,
  renderTemplate,
  TEMPLATE_TARGETS,
  TEMPLATE_VARS,
  type TemplateTarget,
  type TemplateVar,
  type TextOf,
  unknownVariables,
} from "@/lib/notifications/catalog";
import { resetTemplateAction, saveTemplateAction } from "../actions";

type Override = { event: string; format: TemplateTarget; locale: string | null; subject: string; body: string };
/** The built-in wording of one language: `builtin.<event>.subject|body`, `builtin.email_open`. */
export type Builtin = Record<string, { subject: string; body: string } | string>;

/** A version's language: "" is the default version (no language). */
type Lang = "" | Locale;
const LANG_TABS = ["default", ...LOCALES] as const;
type LangTab = (typeof LANG_TABS)[number];
const langOf = (tab: LangTab): Lang => (tab === "default" ? "" : tab);

const keyOf = (event: string, target: TemplateTarget, lang: Lang) => `${event}|${target}|${lang}`;
const placeholder = (name: string) => `\${${name}}`;
const VAR_NAMES = Object.keys(TEMPLATE_VARS) as TemplateVar[];
/** The inner IM tabs: the shared text, then each kind's own. */
const IM_TABS = ["shared", ...IM_KINDS] as const;
type ImTab = (typeof IM_TABS)[number];
const control =
  "block w-full rounded-md border bg-white px-3 py-2 text-sm shadow-xs focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200";

/** The built-in wording of one language as a `TextOf` (its `{names}` filled with the values given). */
function builtinText(builtin: Builtin): TextOf {
  return (key, values) => {
    const path = key.replace(/^notifications\.builtin\./, "").split(".");
    let node: unknown = builtin;
    for (const p of path) node = (node as Record<string, unknown> | undefined)?.[p];
    const text = typeof node === "string" ? node : key;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => String(values?.[name] ?? whole));
  };
}

/** What applies to a version when it has no text of its own, and where that comes from. */
type Fallback = { template: MessageTemplate; from: "builtin" | "im" | Lang };

/**
 * Pick an event, a language version and a format, edit its wording with a live preview, save or go
 * back to what applies without it. Under IM / webhook, each kind can have its own text overriding the
 * shared one. A language version reaches readers of that language (`resolveTemplate`); the default
 * version, every reader whose language has none.
 */
export function TemplatesClient({
  tenant,
  overrides,
  tenantLocale,
  builtin,
}: {
  tenant: string;
  overrides: Override[];
  tenantLocale: Locale;
  builtin: Record<Locale, Builtin>;
}) {
  const t = useTranslations("notifications");
  const custom = new Map(
    overrides.map((o) => [keyOf(o.event, o.format, (o.locale ?? "") as Lang), { subject: o.subject, body: o.body }]),
  );
  const [event, setEvent] = useState<NotifyEvent>(NOTIFY_EVENT_NAMES[0] as NotifyEvent);
  const [langTab, setLangTab] = useState<LangTab>("default");
  const [format, setFormat] = useState<Format>("email");
  const [imTab, setImTab] = useState<ImTab>("shared");
  const id = useId();
  const lang = langOf(langTab);
  const target: TemplateTarget = format === "im" && imTab !== "shared" ? imTab : format;
  const override = custom.get(keyOf(event, target, lang)) ?? null;

  /**
   * What readers of this version get without its own text, as `resolveTemplate` picks: the same
   * target in the next languages (a language version: the tenant's default language, then the
   * default version), then for an IM kind the shared IM text, then the built-in wording.
   */
  const fallbackOf = (tg: TemplateTarget, l: Lang): Fallback => {
    const reader: Locale = l || tenantLocale;
    const langs: Lang[] = l ? [...new Set<Lang>([l, tenantLocale, ""])] : [""];
    const targets: TemplateTarget[] = isImKind(tg) ? [tg, "im"] : [tg];
    for (const each of targets) {
      for (const other of langs) {
        if (each === tg && other === l) continue;
        const found = custom.get(keyOf(event, each, other));
        if (found) return { template: found, from: each === "im" && tg !== "im" ? "im" : other };
      }
    }
    return { template: defaultTemplate(event, tg, builtinText(builtin[reader])), from: "builtin" };
  };
  const fallback = fallbackOf(target, lang);
  const ownKinds = IM_KINDS.filter((k) => custom.has(keyOf(event, k, lang)));
  const previewKinds: ChannelKind[] =
    target === "im" ? [...IM_KINDS.filter((k) => !ownKinds.includes(k)), ...ownKinds] : [target];
  const customisedIn = (e: string, l: Lang) => TEMPLATE_TARGETS.filter((f) => custom.has(keyOf(e, f, l))).length;
  const dot = <Dot label={t("templates.customised_sr")} />;

  const editor = (
    <TemplateEditor
      key={keyOf(event, target, lang)}
      tenant={tenant}
      event={event}
      target={target}
      lang={lang}
      tenantLocale={tenantLocale}
      saved={override ?? fallback.template}
      fallback={fallback}
      customised={Boolean(override)}
      ownKinds={target === "im" ? ownKinds : []}
      previewKinds={previewKinds}
    />
  );

  return (
    <div className="grid items-start gap-6 lg:grid-cols-[16rem_1fr]">
      <Card className="p-2">
        <h2 id={`${id}-events`} className="px-2 pt-1 pb-2 text-xs font-medium uppercase tracking-wide text-zinc-500">
          {t("templates.event")}
        </h2>
        <ul aria-labelledby={`${id}-events`} className="space-y-0.5">
          {NOTIFY_EVENT_NAMES.map((e) => {
            const customised = overrides.filter((o) => o.event === e).length;
            return (
              <li key={e}>
                <button
                  type="button"
                  aria-pressed={e === event}
                  onClick={() => setEvent(e)}
                  className={cn(
                    "flex w-full items-center justify-between gap-2 rounded-md px-2 py-1.5 text-left text-sm",
                    e === event ? "bg-indigo-50 font-medium text-indigo-700" : "text-zinc-700 hover:bg-zinc-100",
                  )}
                >
                  <span className="truncate">{t(`events.${eventKey(e)}`)}</span>
                  {customised ? (
                    <span
                      className="shrink-0 rounded-full bg-amber-100 px-1.5 text-[10px] font-medium text-amber-800"
                      title={t("templates.customised_count", {
                        count: customised,
                        total: TEMPLATE_TARGETS.length * LANG_TABS.length,
                      })}
                    >
                      {t("templates.customised")}
                    </span>
                  ) : null}
                </button>
              </li>
            );
          })}
        </ul>
      </Card>

      <div className="min-w-0">
        <TabList
          label={t("templates.language_label")}
          idPrefix={`${id}-lang`}
          panelId={`${id}-lang-panel`}
          items={LANG_TABS}
          selected={langTab}
          onSelect={setLangTab}
          labelOf={(l) => (l === "default" ? t("templates.default_version") : LOCALE_NAMES[l])}
          markOf={(l) => (customisedIn(event, langOf(l)) ? dot : null)}
          small
          className="mb-3"
        />
        <div role="tabpanel" id={`${id}-lang-panel`} aria-labelledby={`${id}-lang-${langTab}`}>
          <TabList
            label={t("templates.format_label")}
            idPrefix={`${id}-tab`}
            panelId={`${id}-panel`}
            items={FORMATS}
            selected={format}
            onSelect={setFormat}
            labelOf={(f) => t(`formats.${f}`)}
            markOf={(f) => (custom.has(keyOf(event, f, lang)) || (f === "im" && ownKinds.length) ? dot : null)}
            className="mb-4"
          />
          <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${format}`}>
            {format === "im" ? (
              <>
                <TabList
                  label={t("templates.im_label")}
                  idPrefix={`${id}-im`}
                  panelId={`${id}-im-panel`}
                  items={IM_TABS}
                  selected={imTab}
                  onSelect={setImTab}
                  labelOf={(k) => (k === "shared" ? t("templates.all_im") : t(`kinds.${k}`))}
                  markOf={(k) =>
                    k === "shared" ? (
                      custom.has(keyOf(event, "im", lang)) ? (
                        dot
                      ) : null
                    ) : custom.has(keyOf(event, k, lang)) ? (
                      <span className="rounded-full bg-amber-100 px-1.5 text-[10px] font-medium text-amber-800">
                        {t("templates.own_text")}
                        <span className="sr-only">{t("templates.own_text_sr", { im: t("formats.im") })}</span>
                      </span>
                    ) : null
                  }
                  small
                  className="mb-4"
                />
                <div role="tabpanel" id={`${id}-im-panel`} aria-labelledby={`${id}-im-${imTab}`}>
                  {editor}
                </div>
              </>
            ) : (
              editor
            )}
          </div>
        </div>
      </div>
    </div>
  );
}

function Dot({ label }: { label: string }) {
  return (
    <>
      <span className="size-1.5 rounded-full bg-amber-500" aria-hidden />
      <span className="sr-only">{label}</span>
    </>
  );
}

/** A row of tabs: one tab stop, arrow keys (and Home / End) move between them. */
function TabList<T extends string>({
  label,
  idPrefix,
  panelId,
  items,
  selected,
  onSelect,
  labelOf,
  markOf,
  small,
  className,
}: {
  label: string;
  idPrefix: string;
  panelId: string;
  items: readonly T[];
  selected: T;
  onSelect: (item: T) => void;
  labelOf: (item: T) => string;
  markOf: (item: T) => ReactNode;
  small?: boolean;
  className?: string;
}) {
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKey = (e: KeyboardEvent<HTMLButtonElement>, i: number) => {
    const n = items.length;
    const next =
      e.key === "ArrowRight"
        ? (i + 1) % n
        : e.key === "ArrowLeft"
          ? (i - 1 + n) % n
          : e.key === "Home"
            ? 0
            : e.key === "End"
              ? n - 1
              : -1;
    if (next < 0) return;
    e.preventDefault();
    onSelect(items[next] as T);
    tabs.current[next]?.focus();
  };
  return (
    <div role="tablist" aria-label={label} className={cn("flex flex-wrap gap-1 border-b border-zinc-200", className)}>
      {items.map((item, i) => {
        const isSelected = item === selected;
        return (
          <button
            key={item}
            ref={(el) => {
              tabs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${idPrefix}-${item}`}
            aria-selected={isSelected}
            aria-controls={panelId}
            tabIndex={isSelected ? 0 : -1}
            onClick={() => onSelect(item)}
            onKeyDown={(e) => onKey(e, i)}
            className={cn(
              "-mb-px flex items-center gap-1.5 border-b-2",
              small ? "px-2.5 py-1.5 text-xs" : "px-3 py-2 text-sm",
              isSelected
                ? "border-indigo-600 font-medium text-indigo-700"
                : "border-transparent text-zinc-600 hover:border-zinc-300 hover:text-zinc-900",
            )}
          >
            {labelOf(item)}
            {markOf(item)}
          </button>
        );
      })}
    </div>
  );
}

function TemplateEditor({
  tenant,
  event,
  target,
  lang,
  tenantLocale,
  saved,
  fallback,
  customised,
  ownKinds,
  previewKinds,
}: {
  tenant: string;
  event: NotifyEvent;
  target: TemplateTarget;
  /** The version's language ("" = the default version). */
  lang: Lang;
  tenantLocale: Locale;
  /** The stored wording, or what applies without one (`fallback`). */
  saved: MessageTemplate;
  /** What applies once the tenant's own wording is removed, and where it comes from. */
  fallback: Fallback;
  customised: boolean;
  /** For the shared IM text: the kinds with their own text, which it does not reach. */
  ownKinds: ImKind[];
  /** The kinds the preview can render for (values escaped as each shows them). */
  previewKinds: ChannelKind[];
}) {
  const all = useTranslations("notifications");
  const t = useTranslations("notifications.templates");
  const [subject, setSubject] = useState(saved.subject);
  const [body, setBody] = useState(saved.body);
  const [previewKind, setPreviewKind] = useState<ChannelKind>(previewKinds[0] ?? "webhook");
  const subjectRef = useRef<HTMLInputElement>(null);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const lastField = useRef<"subject" | "body">("body");
  const id = useId();
  const label = isImKind(target) ? all(`kinds.${target}`) : all(`formats.${target}`);
  const eventLabel = all(`events.${eventKey(event)}`);
  const im = all("formats.im");
  const language = lang ? LOCALE_NAMES[lang] : null;
  const versionName = (from: Lang) => (from ? LOCALE_NAMES[from] : t("default_version"));
  const kindOverride = isImKind(target);
  const form = useActionForm(saveTemplateAction, {
    extra: { tenant, event, format: target, locale: lang, subject, body },
    successMessage: language
      ? t("saved_in", { event: eventLabel, target: label, language })
      : t("saved", { event: eventLabel, target: label }),
  });

  const unknown = unknownVariables(`${subject}\n${body}`);
  const preview = renderTemplate({ subject, body }, TEMPLATE_VARS, previewKind);
  const dirty = subject !== saved.subject || body !== saved.body;
  const subjectLabel = target === "email" ? t("subject") : t("title");

  const insert = (name: TemplateVar) => {
    const which = lastField.current;
    const el = which === "subject" ? subjectRef.current : bodyRef.current;
    const value = which === "subject" ? subject : body;
    const text = placeholder(name);
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? value.length;
    const next = value.slice(0, start) + text + value.slice(end);
    (which === "subject" ? setSubject : setBody)(next);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + text.length, start + text.length);
    });
  };

  const remove = async () => {
    if (toastFailure(await resetTemplateAction({ tenant, event, format: target, locale: lang }))) return false;
    setSubject(fallback.template.subject);
    setBody(fallback.template.body);
    toast.success(
      fallback.from === "im"
        ? t("im_again", { target: label, im })
        : fallback.from === "builtin"
          ? t("builtin_again")
          : t("next_again", { version: versionName(fallback.from) }),
    );
    return true;
  };

  const status = kindOverride ? (
    customised ? (
      <span className="font-medium text-amber-700">{t("own_overrides", { im })}</span>
    ) : fallback.from === "im" ? (
      <span>{t("uses_im", { im })}</span>
    ) : (
      <span>
        {fallback.from === "builtin" ? t("status_builtin") : t("status_uses", { version: versionName(fallback.from) })}
      </span>
    )
  ) : customised ? (
    <span className="font-medium text-amber-700">{t("status_customised")}</span>
  ) : (
    <span>
      {fallback.from === "builtin" || fallback.from === "im"
        ? t("status_builtin")
        : t("status_uses", { version: versionName(fallback.from) })}
    </span>
  );

  return (
    <div className="grid items-start gap-6 xl:grid-cols-2">
      <form noValidate onSubmit={form.onSubmit} aria-label={t("form_label")} className="space-y-4">
        <Card className="space-y-4 p-5">
          <div className="space-y-1 text-sm text-zinc-500">
            <p>
              {eventLabel} · {label} · {language ? `${language} · ` : null}
              {status}
              {dirty ? <span className="text-zinc-400">{t("unsaved")}</span> : null}
            </p>
            {kindOverride ? (
              <p>
                {customised ? t("kind_customised_note", { target: label, im }) : t("kind_note", { target: label, im })}
              </p>
            ) : target === "im" ? (
              <p>
                {ownKinds.length
                  ? t("im_note_own", {
                      kinds: ownKinds.map((k) => all(`kinds.${k}`)).join(", "),
                      count: ownKinds.length,
                    })
                  : t("im_note")}
              </p>
            ) : null}
            <p>
              {lang
                ? t("language_note", { language: LOCALE_NAMES[lang], tenantLanguage: LOCALE_NAMES[tenantLocale] })
                : t("default_note")}
            </p>
          </div>
          <Field label={subjectLabel} error={form.fieldError("subject")}>
            {(fieldId, describedBy) => (
              <input
                id={fieldId}
                ref={subjectRef}
                value={subject}
                maxLength={300}
                onChange={(e) => setSubject(e.target.value)}
                onFocus={() => {
                  lastField.current = "subject";
                }}
                aria-invalid={form.fieldError("subject") ? true : undefined}
                aria-describedby={describedBy}
                className={cn(control, form.fieldError("subject") ? "border-red-500" : "border-zinc-300")}
              />
            )}
          </Field>
          <Field label={t("message")} error={form.fieldError("body")}>
            {(fieldId, describedBy) => (
              <textarea
                id={fieldId}
                ref={bodyRef}
                value={body}
                rows={8}
                maxLength={5000}
                onChange={(e) => setBody(e.target.value)}
                onFocus={() => {
                  lastField.current = "body";
                }}
                aria-invalid={form.fieldError("body") ? true : undefined}
                aria-describedby={describedBy}
                className={cn(control, "font-mono", form.fieldError("body") ? "border-red-500" : "border-zinc-300")}
              />
            )}
          </Field>
          <div>
            <p id={`${id}-vars`} className="mb-1.5 text-sm font-medium text-zinc-700">
              {t("variables")} <span className="font-normal text-zinc-500">{t("variables_hint")}</span>
            </p>
            <ul aria-labelledby={`${id}-vars`} className="flex flex-wrap gap-1.5">
              {VAR_NAMES.map((name) => (
                <li key={name}>
                  <button
                    type="button"
                    onClick={() => insert(name)}
                    title={t("sample", { value: TEMPLATE_VARS[name] })}
                    aria-label={t("insert", { name: placeholder(name) })}
                    className="rounded-md border border-zinc-200 bg-zinc-50 px-2 py-0.5 font-mono text-xs text-zinc-700 hover:border-indigo-300 hover:bg-indigo-50 hover:text-indigo-700"
                  >
                    {placeholder(name)}
                  </button>
                </li>
              ))}
            </ul>
          </div>
          {unknown.length ? (
            <p
              role="status"
              className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-800"
              data-testid="unknown-variables"
            >
              {t("unknown_hint", { count: unknown.length, names: unknown.map(placeholder).join(", ") })}
            </p>
          ) : null}
          <FormError message={form.formError} />
          <div className="flex flex-wrap items-center justify-end gap-2">
            {customised ? (
              lang ? (
                <ConfirmDialog
                  trigger={<Button variant="secondary">{t("reset_language")}</Button>}
                  title={t("reset_language_title", { language: LOCALE_NAMES[lang] })}
                  description={t("reset_language_description", {
                    language: LOCALE_NAMES[lang],
                    event: eventLabel,
                    target: label,
                  })}
                  confirmLabel={t("reset_language")}
                  onConfirm={remove}
                />
              ) : kindOverride ? (
                <ConfirmDialog
                  trigger={<Button variant="secondary">{t("remove_override")}</Button>}
                  title={t("remove_title", { target: label })}
                  description={t("remove_description", { target: label, im, event: eventLabel })}
                  confirmLabel={t("remove_override")}
                  onConfirm={remove}
                />
              ) : (
                <ConfirmDialog
                  trigger={<Button variant="secondary">{t("reset")}</Button>}
                  title={t("reset_title")}
                  description={t("reset_description", { event: eventLabel, target: label })}
                  confirmLabel={t("reset")}
                  onConfirm={remove}
                />
              )
            ) : null}
            <Button type="submit" pending={form.pending}>
              {kindOverride && !customised ? t("save_as", { target: label }) : t("save")}
            </Button>
          </div>
        </Card>
      </form>

      <section aria-labelledby={`${id}-preview`}>
        <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
          <h2 id={`${id}-preview`} className="text-sm font-semibold text-zinc-900">
            {t("preview")}{" "}
            <span className="font-normal text-zinc-500">
              {kindOverride ? t("preview_samples_as", { target: label }) : t("preview_samples")}
            </span>
          </h2>
          {previewKinds.length > 1 ? (
            <label className="flex items-center gap-2 text-sm text-zinc-600">
              {t("preview_as")}
              <select
                value={previewKind}
                onChange={(e) => setPreviewKind(e.target.value as ChannelKind)}
                className="rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm"
              >
                {previewKinds.map((k) => (
                  <option key={k} value={k}>
                    {all(`kinds.${k}`)}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
        </div>
        <Card className="p-5" data-testid="template-preview">
          <p className="text-xs uppercase tracking-wide text-zinc-400">{subjectLabel}</p>
          <p className="mb-3 font-medium text-zinc-900">{preview.subject || t("none")}</p>
          <p className="text-xs uppercase tracking-wide text-zinc-400">{t("message")}</p>
          <p className="whitespace-pre-wrap break-words text-sm text-zinc-700">{preview.body || t("none")}</p>
        </Card>
      </section>
    </div>
  );
}
