"use client";

import type { ReactNode, TextareaHTMLAttributes } from "react";
import { CharCounter, useCharCount } from "@/components/ui/char-counter";
import { cn } from "@/components/ui/cn";
import { Field } from "@/components/ui/field";

/** A labelled textarea with its message (same contract as TextField, the `maxLength` counter too). */
export function TextAreaField({
  label,
  error,
  hint,
  className,
  ...rest
}: TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string; error?: string; hint?: ReactNode }) {
  const count = useCharCount<HTMLTextAreaElement>(rest);
  return (
    <Field
      label={label}
      error={error}
      hint={hint}
      counter={rest.maxLength ? <CharCounter count={count.length} max={rest.maxLength} /> : null}
    >
      {(id, describedBy) => (
        <textarea
          id={id}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          className={cn(
            "block w-full rounded-md border bg-white px-3 py-2 text-sm shadow-xs placeholder:text-zinc-400 focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200",
            error ? "border-red-500" : "border-zinc-300",
            className,
          )}
          {...rest}
          ref={count.ref}
          onChange={count.onChange}
        />
      )}
    </Field>
  );
}
