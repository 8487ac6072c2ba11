"use client";

import { useTranslations } from "next-intl";
import { useId, useRef, useState } from "react";
import { toast } from "sonner";
import { toastFailure } from "@/components/ui/action-toast";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { control, Field, FormError } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { LOCALE_NAMES, type Locale } from "@/lib/i18n/locales";
import {
  type ChannelKind,
  eventKey,
  type ImKind,
  isImKind,
  type MessageTemplate,
  type NotifyEvent,
  renderTemplate,
  TEMPLATE_VARS,
  type TemplateTarget,
  type TemplateVar,
  unknownVariables,
} from "@/lib/notifications/catalog";
import { resetTemplateAction, saveTemplateAction } from "../actions";

/** A version's language: "" is the default version (no language). */
export type Lang = "" | Locale;
/** What applies to a version when it has no text of its own, and where that comes from. */
export type Fallback = { template: MessageTemplate; from: "builtin" | "im" | Lang };

const placeholder = (name: string) => `\${${name}}`;
const VAR_NAMES = Object.keys(TEMPLATE_VARS) as TemplateVar[];

/** One version of one event's wording for one format or kind: its text, a live preview, save and remove. */
export function TemplateEditor({
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
