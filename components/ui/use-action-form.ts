"use client";

import { useAction } from "next-safe-action/hooks";
import { type FormEvent, useRef } from "react";
import { toast } from "sonner";

type ActionError = { message: string; field?: string };
type Result = {
  serverError?: ActionError;
  validationErrors?: { formErrors?: string[]; fieldErrors?: Record<string, string[] | undefined> };
};

// biome-ignore lint/suspicious/noExplicitAny: accepts any safe action; the result shape is what matters
type AnyAction = (input: any) => Promise<any>;
type DataOf<A extends AnyAction> = NonNullable<NonNullable<Awaited<ReturnType<A>>>["data"]>;

/**
 * Binds a safe action to an uncontrolled <form>: submits its fields (plus `extra`), keeps what
 * was typed when the action fails, and exposes the message for each field and for the form
 * (render it with <FormError>). Success may show a toast.
 */
export function useActionForm<A extends AnyAction>(
  action: A,
  options: {
    extra?: Record<string, unknown>;
    onSuccess?: (data: DataOf<A>, form: HTMLFormElement | null) => void;
    successMessage?: string | ((data: DataOf<A>) => string);
  } = {},
) {
  const lastForm = useRef<HTMLFormElement | null>(null);
  // biome-ignore lint/suspicious/noExplicitAny: see AnyAction
  const { execute, result, isPending } = useAction(action as any, {
    onSuccess: ({ data }) => {
      const d = data as DataOf<A>;
      if (options.successMessage) {
        toast.success(
          typeof options.successMessage === "function" ? options.successMessage(d) : options.successMessage,
        );
      }
      options.onSuccess?.(d, lastForm.current);
    },
  });
  const r = result as Result;
  return {
    pending: isPending,
    onSubmit(event: FormEvent<HTMLFormElement>) {
      event.preventDefault();
      lastForm.current = event.currentTarget;
      execute({ ...Object.fromEntries(new FormData(event.currentTarget)), ...options.extra });
    },
    fieldError(name: string): string | undefined {
      return (
        r.validationErrors?.fieldErrors?.[name]?.[0] ??
        (r.serverError?.field === name ? r.serverError.message : undefined)
      );
    },
    formError:
      r.validationErrors?.formErrors?.[0] ??
      (r.serverError && !r.serverError.field ? r.serverError.message : undefined),
  };
}
