import type { ReactNode, TextareaHTMLAttributes } from "react";
import { cn } from "@/components/ui/cn";
import { Field } from "@/components/ui/field";

/** A labelled textarea with its message (same contract as TextField). */
export function TextAreaField({
  label,
  error,
  hint,
  className,
  ...rest
}: TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string; error?: string; hint?: ReactNode }) {
  return (
    <Field label={label} error={error} hint={hint}>
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
        />
      )}
    </Field>
  );
}
