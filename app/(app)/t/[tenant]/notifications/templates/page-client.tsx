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
import {
  CHANNEL_KIND_LABEL,
  type ChannelKind,
  defaultTemplate,
  FORMAT_LABEL,
  FORMATS,
  type Format,
  IM_KINDS,
  type ImKind,
  isImKind,
  type MessageTemplate,
  NOTIFY_EVENT_NAMES,
  NOTIFY_EVENTS,
  type NotifyEvent,
  renderTemplate,
  TEMPLATE_TARGET_LABEL,
  TEMPLATE_TARGETS,
  TEMPLATE_VARS,
  type TemplateTarget,
  type TemplateVar,
  type TextOf,
  unknownVariables,
} from "@/lib/notifications/catalog";
import { resetTemplateAction, saveTemplateAction } from "../actions";

type Override = { event: string; format: TemplateTarget; subject: string; body: string };

const keyOf = (event: string, target: TemplateTarget) => `${event}|${target}`;
const placeholder = (name: string) => `\${${name}}`;
const VAR_NAMES = Object.keys(TEMPLATE_VARS) as TemplateVar[];
const IM_LABEL = FORMAT_LABEL.im;
/** The inner IM tabs: the shared text, then each kind's own. */
const IM_TABS = ["shared", ...IM_KINDS] as const;
type ImTab = (typeof IM_TABS)[number];
const control =
  "block w-full rounded-md border bg-white px-3 py-2 text-sm shadow-xs focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200";

/**
 * Pick an event and a format, edit its wording with a live preview, save or go back to the default.
 * Under IM / webhook, each kind can have its own text overriding the shared one, or fall back to it.
 */
export function TemplatesClient({ tenant, overrides }: { tenant: string; overrides: Override[] }) {
  const custom = new Map(overrides.map((o) => [keyOf(o.event, o.format), { subject: o.subject, body: o.body }]));
  const [event, setEvent] = useState<NotifyEvent>(NOTIFY_EVENT_NAMES[0] as NotifyEvent);
  const [format, setFormat] = useState<Format>("email");
  const [imTab, setImTab] = useState<ImTab>("shared");
  const id = useId();
  const tr = useTranslations() as unknown as TextOf;
  const target: TemplateTarget = format === "im" && imTab !== "shared" ? imTab : format;
  const override = custom.get(keyOf(event, target)) ?? null;
  /** What an IM kind without its own text gets: the shared IM text (the tenant's, else built-in). */
  const sharedIm = custom.get(keyOf(event, "im")) ?? defaultTemplate(event, "im", tr);
  const fallback = isImKind(target) ? sharedIm : defaultTemplate(event, target, tr);
  const ownKinds = IM_KINDS.filter((k) => custom.has(keyOf(event, k)));
  const previewKinds: ChannelKind[] =
    target === "im" ? [...IM_KINDS.filter((k) => !ownKinds.includes(k)), ...ownKinds] : [target];

  const editor = (
    <TemplateEditor
      key={keyOf(event, target)}
      tenant={tenant}
      event={event}
      target={target}
      saved={override ?? fallback}
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
          Event
        </h2>
        <ul aria-labelledby={`${id}-events`} className="space-y-0.5">
          {NOTIFY_EVENT_NAMES.map((e) => {
            const customised = TEMPLATE_TARGETS.filter((f) => custom.has(keyOf(e, f))).length;
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
                  <span className="truncate">{NOTIFY_EVENTS[e].label}</span>
                  {customised ? (
                    <span
                      className="shrink-0 rounded-full bg-amber-100 px-1.5 text-[10px] font-medium text-amber-800"
                      title={`${customised} of ${TEMPLATE_TARGETS.length} templates customised`}
                    >
                      customised
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
          label="Format"
          idPrefix={`${id}-tab`}
          panelId={`${id}-panel`}
          items={FORMATS}
          selected={format}
          onSelect={setFormat}
          labelOf={(f) => FORMAT_LABEL[f]}
          markOf={(f) =>
            custom.has(keyOf(event, f)) || (f === "im" && ownKinds.length) ? <Dot label="(customised)" /> : null
          }
          className="mb-4"
        />
        <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${format}`}>
          {format === "im" ? (
            <>
              <TabList
                label="IM / webhook text for"
                idPrefix={`${id}-im`}
                panelId={`${id}-im-panel`}
                items={IM_TABS}
                selected={imTab}
                onSelect={setImTab}
                labelOf={(k) => (k === "shared" ? "All IM kinds" : TEMPLATE_TARGET_LABEL[k])}
                markOf={(k) =>
                  k === "shared" ? (
                    custom.has(keyOf(event, "im")) ? (
                      <Dot label="(customised)" />
                    ) : null
                  ) : custom.has(keyOf(event, k)) ? (
                    <span className="rounded-full bg-amber-100 px-1.5 text-[10px] font-medium text-amber-800">
                      own text<span className="sr-only">, overrides the {IM_LABEL} text</span>
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
  saved,
  fallback,
  customised,
  ownKinds,
  previewKinds,
}: {
  tenant: string;
  event: NotifyEvent;
  target: TemplateTarget;
  /** The stored wording, or what applies without one (`fallback`). */
  saved: MessageTemplate;
  /** What applies once the tenant's own wording is removed. */
  fallback: MessageTemplate;
  customised: boolean;
  /** For the shared IM text: the kinds with their own text, which it does not reach. */
  ownKinds: ImKind[];
  /** The kinds the preview can render for (values escaped as each shows them). */
  previewKinds: ChannelKind[];
}) {
  const [subject, setSubject] = useState(saved.subject);
  const [body, setBody] = useState(saved.body);
  const [previewKind, setPreviewKind] = useState<ChannelKind>(previewKinds[0] ?? "webhook");
  const subjectRef = useRef<HTMLInputElement>(null);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const lastField = useRef<"subject" | "body">("body");
  const id = useId();
  const label = TEMPLATE_TARGET_LABEL[target];
  const kindOverride = isImKind(target);
  const form = useActionForm(saveTemplateAction, {
    extra: { tenant, event, format: target, subject, body },
    successMessage: `${NOTIFY_EVENTS[event].label} (${label}) saved.`,
  });

  const unknown = unknownVariables(`${subject}\n${body}`);
  const preview = renderTemplate({ subject, body }, TEMPLATE_VARS, previewKind);
  const dirty = subject !== saved.subject || body !== saved.body;
  const subjectLabel = target === "email" ? "Subject" : "Title";

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
    if (toastFailure(await resetTemplateAction({ tenant, event, format: target }))) return false;
    setSubject(fallback.subject);
    setBody(fallback.body);
    toast.success(kindOverride ? `${label} uses the ${IM_LABEL} text again.` : "Back to the built-in wording.");
    return true;
  };

  return (
    <div className="grid items-start gap-6 xl:grid-cols-2">
      <form noValidate onSubmit={form.onSubmit} aria-label="Template" className="space-y-4">
        <Card className="space-y-4 p-5">
          <div className="space-y-1 text-sm text-zinc-500">
            <p>
              {NOTIFY_EVENTS[event].label} · {label} ·{" "}
              {kindOverride ? (
                customised ? (
                  <span className="font-medium text-amber-700">own text, overrides the {IM_LABEL} text</span>
                ) : (
                  <span>uses the {IM_LABEL} text</span>
                )
              ) : customised ? (
                <span className="font-medium text-amber-700">customised</span>
              ) : (
                <span>built-in wording</span>
              )}
              {dirty ? <span className="text-zinc-400"> · unsaved changes</span> : null}
            </p>
            {kindOverride ? (
              <p>
                {customised
                  ? `${label} channels get this text instead of the ${IM_LABEL} text. Remove it to fall back.`
                  : `${label} channels get the ${IM_LABEL} text shown here. Saving gives ${label} its own text, which changes to the ${IM_LABEL} text no longer reach.`}
              </p>
            ) : target === "im" ? (
              <p>
                Every IM / webhook kind gets this text unless it has its own
                {ownKinds.length
                  ? `; ${ownKinds.map((k) => TEMPLATE_TARGET_LABEL[k]).join(", ")} ${ownKinds.length > 1 ? "have their" : "has its"} own.`
                  : "."}
              </p>
            ) : null}
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
          <Field label="Message" error={form.fieldError("body")}>
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
              Variables <span className="font-normal text-zinc-500">(click to insert at the cursor)</span>
            </p>
            <ul aria-labelledby={`${id}-vars`} className="flex flex-wrap gap-1.5">
              {VAR_NAMES.map((name) => (
                <li key={name}>
                  <button
                    type="button"
                    onClick={() => insert(name)}
                    title={`Sample: ${TEMPLATE_VARS[name]}`}
                    aria-label={`Insert ${placeholder(name)}`}
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
              Unknown variable{unknown.length > 1 ? "s" : ""}: {unknown.map(placeholder).join(", ")}. They are not
              filled in, and the template cannot be saved with them.
            </p>
          ) : null}
          <FormError message={form.formError} />
          <div className="flex flex-wrap items-center justify-end gap-2">
            {customised ? (
              kindOverride ? (
                <ConfirmDialog
                  trigger={<Button variant="secondary">Remove override</Button>}
                  title={`Remove the ${label} override?`}
                  description={`${label} channels go back to the ${IM_LABEL} text for ${NOTIFY_EVENTS[event].label}; this ${label} text is discarded.`}
                  confirmLabel="Remove override"
                  onConfirm={remove}
                />
              ) : (
                <ConfirmDialog
                  trigger={<Button variant="secondary">Reset to default</Button>}
                  title="Reset to the built-in wording?"
                  description={`${NOTIFY_EVENTS[event].label} (${label}) goes back to the default text; your version is discarded.`}
                  confirmLabel="Reset to default"
                  onConfirm={remove}
                />
              )
            ) : null}
            <Button type="submit" pending={form.pending}>
              {kindOverride && !customised ? `Save as ${label} text` : "Save template"}
            </Button>
          </div>
        </Card>
      </form>

      <section aria-labelledby={`${id}-preview`}>
        <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
          <h2 id={`${id}-preview`} className="text-sm font-semibold text-zinc-900">
            Preview{" "}
            <span className="font-normal text-zinc-500">
              with sample values{kindOverride ? `, as ${label} shows them` : ""}
            </span>
          </h2>
          {previewKinds.length > 1 ? (
            <label className="flex items-center gap-2 text-sm text-zinc-600">
              As
              <select
                value={previewKind}
                onChange={(e) => setPreviewKind(e.target.value as ChannelKind)}
                className="rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm"
              >
                {previewKinds.map((k) => (
                  <option key={k} value={k}>
                    {CHANNEL_KIND_LABEL[k]}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
        </div>
        <Card className="p-5" data-testid="template-preview">
          <p className="text-xs uppercase tracking-wide text-zinc-400">{subjectLabel}</p>
          <p className="mb-3 font-medium text-zinc-900">{preview.subject || "—"}</p>
          <p className="text-xs uppercase tracking-wide text-zinc-400">Message</p>
          <p className="whitespace-pre-wrap break-words text-sm text-zinc-700">{preview.body || "—"}</p>
        </Card>
      </section>
    </div>
  );
}
