"use client";

import { useTranslations } from "next-intl";
import { type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, useId } from "react";
import { CharCounter, useCharCount, useDetectedCount } from "./char-counter";
import { cn } from "./cn";

/** The look of a text control: raw inputs and textareas inside a `Field` take it too. */
export const control =
  "block w-full rounded-md border bg-white px-3 py-2 text-sm shadow-xs placeholder:text-zinc-400 focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200";

type FieldProps = {
  label: string;
  error?: string;
  hint?: ReactNode;
  /**
   * Shown at the end of the message line: a limited field's "n / max" (CharCounter). Left out, a
   * control rendered here with `maxLength` gets one by itself; null: none.
   */
  counter?: ReactNode;
  children: (id: string, describedBy?: string) => ReactNode;
};

/**
 * Label, control and the message tied to it (aria-describedby, aria-invalid). A control with
 * `maxLength` shows how much of its limit is used.
 */
export function Field({ label, error, hint, counter, children }: FieldProps) {
  const id = useId();
  const messageId = `${id}-message`;
  const detected = useDetectedCount(id, counter === undefined);
  const shown =
    counter !== undefined ? counter : detected ? <CharCounter count={detected.length} max={detected.max} /> : null;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-zinc-700">
        {label}
      </label>
      {children(id, error || hint ? messageId : undefined)}
      {error || hint || shown ? (
        <div className="flex items-start justify-between gap-3">
          {error ? (
            <p id={messageId} role="alert" className="text-sm text-red-600">
              {error}
            </p>
          ) : hint ? (
            <p id={messageId} className="text-sm text-zinc-500">
              {hint}
            </p>
          ) : (
            <span />
          )}
          {shown}
        </div>
      ) : null}
    </div>
  );
}

/**
 * A labelled input with its message. With `maxLength` it shows how much of the limit is used
 * ("12 / 200", amber near the limit): every limited field gets the counter.
 */
export function TextField({
  label,
  error,
  hint,
  className,
  ...input
}: InputHTMLAttributes<HTMLInputElement> & { label: string; error?: string; hint?: ReactNode }) {
  const count = useCharCount<HTMLInputElement>(input);
  return (
    <Field
      label={label}
      error={error}
      hint={hint}
      counter={input.maxLength ? <CharCounter count={count.length} max={input.maxLength} /> : null}
    >
      {(id, describedBy) => (
        <input
          id={id}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          className={cn(control, error ? "border-red-500" : "border-zinc-300", className)}
          {...input}
          ref={count.ref}
          onChange={count.onChange}
        />
      )}
    </Field>
  );
}

export function SelectField({
  label,
  error,
  hint,
  options,
  className,
  ...select
}: SelectHTMLAttributes<HTMLSelectElement> & {
  label: string;
  error?: string;
  hint?: ReactNode;
  options: readonly { value: string; label: string }[];
}) {
  return (
    <Field label={label} error={error} hint={hint} counter={null}>
      {(id, describedBy) => (
        <select
          id={id}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          className={cn(control, error ? "border-red-500" : "border-zinc-300", className)}
          {...select}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function FormError({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
      {message}
    </div>
  );
}

/** Every failing input of a form, one line each (nested fields named: "Option 3 of Hosts: …"). */
export function ErrorSummary({ errors, title }: { errors: string[]; title?: string }) {
  const t = useTranslations("ui.errors_summary");
  if (errors.length === 0) return null;
  return (
    <div
      role="alert"
      data-testid="error-summary"
      className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700"
    >
      <p className="font-medium">{title ?? t("title")}</p>
      <ul className="mt-1 list-disc space-y-0.5 pl-5">
        {errors.map((e) => (
          <li key={e}>{e}</li>
        ))}
      </ul>
    </div>
  );
}
