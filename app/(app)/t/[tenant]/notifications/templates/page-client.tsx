"use client";

import { type KeyboardEvent, useId, useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field, FormError } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import {
  defaultTemplate,
  FORMAT_LABEL,
  FORMATS,
  type Format,
  type MessageTemplate,
  NOTIFY_EVENT_NAMES,
  NOTIFY_EVENTS,
  type NotifyEvent,
  renderTemplate,
  TEMPLATE_VARS,
  type TemplateVar,
  unknownVariables,
} from "@/lib/notifications/catalog";
import { resetTemplateAction, saveTemplateAction } from "../actions";

type Override = { event: string; format: Format; subject: string; body: string };

const keyOf = (event: string, format: Format) => `${event}|${format}`;
const placeholder = (name: string) => `\${${name}}`;
const VAR_NAMES = Object.keys(TEMPLATE_VARS) as TemplateVar[];
const control =
  "block w-full rounded-md border bg-white px-3 py-2 text-sm shadow-xs focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200";

/** Pick an event and a format, edit its wording with a live preview, save or go back to the default. */
export function TemplatesClient({ tenant, overrides }: { tenant: string; overrides: Override[] }) {
  const custom = new Map(overrides.map((o) => [keyOf(o.event, o.format), { subject: o.subject, body: o.body }]));
  const [event, setEvent] = useState<NotifyEvent>(NOTIFY_EVENT_NAMES[0] as NotifyEvent);
  const [format, setFormat] = useState<Format>("email");
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const id = useId();
  const override = custom.get(keyOf(event, format)) ?? null;

  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>, i: number) => {
    const by = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
    if (!by) return;
    e.preventDefault();
    const next = (i + by + FORMATS.length) % FORMATS.length;
    setFormat(FORMATS[next] as Format);
    tabs.current[next]?.focus();
  };

  return (
    <div className="grid items-start gap-6 lg:grid-cols-[16rem_1fr]">
      <Card className="p-2">
        <h2 id={`${id}-events`} className="px-2 pt-1 pb-2 text-xs font-medium uppercase tracking-wide text-zinc-500">
          Event
        </h2>
        <ul aria-labelledby={`${id}-events`} className="space-y-0.5">
          {NOTIFY_EVENT_NAMES.map((e) => {
            const customised = FORMATS.filter((f) => custom.has(keyOf(e, f))).length;
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
                      title={`${customised} of ${FORMATS.length} formats customised`}
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
        <div role="tablist" aria-label="Format" className="mb-4 flex gap-1 border-b border-zinc-200">
          {FORMATS.map((f, i) => {
            const selected = f === format;
            return (
              <button
                key={f}
                ref={(el) => {
                  tabs.current[i] = el;
                }}
                type="button"
                role="tab"
                id={`${id}-tab-${f}`}
                aria-selected={selected}
                aria-controls={`${id}-panel`}
                tabIndex={selected ? 0 : -1}
                onClick={() => setFormat(f)}
                onKeyDown={(e) => onTabKey(e, i)}
                className={cn(
                  "-mb-px flex items-center gap-1.5 border-b-2 px-3 py-2 text-sm",
                  selected
                    ? "border-indigo-600 font-medium text-indigo-700"
                    : "border-transparent text-zinc-600 hover:border-zinc-300 hover:text-zinc-900",
                )}
              >
                {FORMAT_LABEL[f]}
                {custom.has(keyOf(event, f)) ? (
                  <>
                    <span className="size-1.5 rounded-full bg-amber-500" aria-hidden />
                    <span className="sr-only">(customised)</span>
                  </>
                ) : null}
              </button>
            );
          })}
        </div>
        <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${format}`}>
          <TemplateEditor
            key={keyOf(event, format)}
            tenant={tenant}
            event={event}
            format={format}
            saved={override ?? defaultTemplate(event, format)}
            customised={Boolean(override)}
          />
        </div>
      </div>
    </div>
  );
}

function TemplateEditor({
  tenant,
  event,
  format,
  saved,
  customised,
}: {
  tenant: string;
  event: NotifyEvent;
  format: Format;
  saved: MessageTemplate;
  customised: boolean;
}) {
  const [subject, setSubject] = useState(saved.subject);
  const [body, setBody] = useState(saved.body);
  const subjectRef = useRef<HTMLInputElement>(null);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const lastField = useRef<"subject" | "body">("body");
  const form = useActionForm(saveTemplateAction, {
    extra: { tenant, event, format, subject, body },
    successMessage: `${NOTIFY_EVENTS[event].label} (${FORMAT_LABEL[format]}) saved.`,
  });

  const unknown = unknownVariables(`${subject}\n${body}`);
  const preview = renderTemplate({ subject, body }, TEMPLATE_VARS);
  const dirty = subject !== saved.subject || body !== saved.body;
  const subjectLabel = format === "email" ? "Subject" : "Title";

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

  return (
    <div className="grid items-start gap-6 xl:grid-cols-2">
      <form noValidate onSubmit={form.onSubmit} aria-label="Template" className="space-y-4">
        <Card className="space-y-4 p-5">
          <p className="text-sm text-zinc-500">
            {NOTIFY_EVENTS[event].label} · {FORMAT_LABEL[format]} ·{" "}
            {customised ? (
              <span className="font-medium text-amber-700">customised</span>
            ) : (
              <span>built-in wording</span>
            )}
            {dirty ? <span className="text-zinc-400"> · unsaved changes</span> : null}
          </p>
          <Field label={subjectLabel} error={form.fieldError("subject")}>
            {(id, describedBy) => (
              <input
                id={id}
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
            {(id, describedBy) => (
              <textarea
                id={id}
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
            <p id="template-vars" className="mb-1.5 text-sm font-medium text-zinc-700">
              Variables <span className="font-normal text-zinc-500">(click to insert at the cursor)</span>
            </p>
            <ul aria-labelledby="template-vars" className="flex flex-wrap gap-1.5">
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
              <ConfirmDialog
                trigger={<Button variant="secondary">Reset to default</Button>}
                title="Reset to the built-in wording?"
                description={`${NOTIFY_EVENTS[event].label} (${FORMAT_LABEL[format]}) goes back to the default text; your version is discarded.`}
                confirmLabel="Reset to default"
                onConfirm={async () => {
                  const result = await resetTemplateAction({ tenant, event, format });
                  if (result?.serverError || result?.validationErrors) {
                    toast.error(result.serverError?.message ?? "That request was not valid. Reload and try again.");
                    return false;
                  }
                  const d = defaultTemplate(event, format);
                  setSubject(d.subject);
                  setBody(d.body);
                  toast.success("Back to the built-in wording.");
                  return true;
                }}
              />
            ) : null}
            <Button type="submit" pending={form.pending}>
              Save template
            </Button>
          </div>
        </Card>
      </form>

      <section aria-labelledby="template-preview">
        <h2 id="template-preview" className="mb-2 text-sm font-semibold text-zinc-900">
          Preview <span className="font-normal text-zinc-500">with sample values</span>
        </h2>
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
