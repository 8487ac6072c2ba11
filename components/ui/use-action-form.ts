"use client";

import { useAction } from "next-safe-action/hooks";
import { type FormEvent, useMemo, useRef } from "react";
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
  const latest = useRef(options);
  latest.current = options;
  // Success is handled where the action's promise settles, not in the hook's onSuccess: that runs
  // in an effect, and when the action's own refresh unmounts this form (the last approver's
  // Approve), the effect never runs and the user saw no confirmation.
  const run = useMemo(
    () =>
      (async (input: unknown) => {
        const res = (await action(input)) as (Result & { data?: unknown }) | undefined;
        if (!res?.serverError && !res?.validationErrors) {
          const { successMessage, onSuccess } = latest.current;
          const data = res?.data as DataOf<A>;
          if (successMessage)
            toast.success(typeof successMessage === "function" ? successMessage(data) : successMessage);
          onSuccess?.(data, lastForm.current);
        }
        return res;
      }) as A,
    [action],
  );
  // biome-ignore lint/suspicious/noExplicitAny: see AnyAction
  const { execute, result, isPending } = useAction(run as any);
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
