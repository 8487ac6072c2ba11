"use client";

import { useAction } from "next-safe-action/hooks";
import { type FormEvent, useEffect, useMemo, useRef } from "react";
import { toast } from "sonner";

type ActionError = { message: string; field?: string };
type Result = {
  serverError?: ActionError;
  /**
   * lib/validation/readable-errors.ts: `fieldErrors` by top-level field (nested failures named
   * there: "Option 3 of Hosts: at most 200 characters.") and by dotted path ("variables.2.name").
   */
  validationErrors?: { formErrors?: string[]; fieldErrors?: Record<string, string[] | undefined> };
  /** Set here, never by the server: the request failed or its answer was lost. */
  unreachable?: true;
};

/** The field the server reports a reused key on (lib/idempotency.ts KEY_FIELD). */
const KEY_FIELD = "idempotencyKey";

/** Shown when no answer came back: whatever was sent may or may not have been saved. */
export const UNREACHABLE =
  "The server could not be reached. What you sent may have been saved: check before changing anything. Sending it again is safe.";

/** redirect(), notFound(), forbidden()… thrown through the action: answers, not failures (Next's digests). */
function isNavigation(error: unknown): boolean {
  const digest = (error as { digest?: unknown } | null)?.digest;
  return typeof digest === "string" && /^NEXT_(REDIRECT|HTTP_ERROR_FALLBACK|NOT_FOUND)/.test(digest);
}

/** A random v4 uuid; `crypto.randomUUID` exists only on https and localhost, getRandomValues everywhere. */
export function newKey(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] as number) & 0x0f) | 0x40;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// biome-ignore lint/suspicious/noExplicitAny: accepts any safe action; the result shape is what matters
type AnyAction = (input: any) => Promise<any>;
type DataOf<A extends AnyAction> = NonNullable<NonNullable<Awaited<ReturnType<A>>>["data"]>;

/**
 * Binds a safe action to an uncontrolled <form>: submits its fields (plus `extra`), keeps what
 * was typed when the action fails, and exposes the message for each field and for the form
 * (render it with <FormError>). Success may show a toast.
 *
 * Every submit carries `idempotencyKey`, made when the form first renders and kept across tries
 * until one succeeds (then renewed, so the next submit is a new request): the create actions
 * store it with what they create, so a retry after a lost answer returns the first result
 * instead of creating twice (actions without the field ignore it). When no answer comes back
 * (network error, server gone), `unreachable` is set, `formError` says so, and the form stays
 * filled and submittable.
 */
export function useActionForm<A extends AnyAction>(
  action: A,
  options: {
    extra?: Record<string, unknown>;
    onSuccess?: (data: DataOf<A>, form: HTMLFormElement | null) => void;
    successMessage?: string | ((data: DataOf<A>) => string);
    /** How the error summary names top-level fields ("name" → "Template name"). */
    labels?: Record<string, string>;
  } = {},
) {
  const lastForm = useRef<HTMLFormElement | null>(null);
  const latest = useRef(options);
  latest.current = options;
  const key = useRef<string | null>(null);
  key.current ??= newKey();
  // Success is handled where the action's promise settles, not in the hook's onSuccess: that runs
  // in an effect, and when the action's own refresh unmounts this form (the last approver's
  // Approve), the effect never runs and the user saw no confirmation.
  const run = useMemo(
    () =>
      (async (input: unknown) => {
        let res: (Result & { data?: unknown }) | undefined;
        try {
          res = (await action(input)) as typeof res;
        } catch (error) {
          if (isNavigation(error)) throw error;
          console.warn("[action] no answer from the server", error);
          return { unreachable: true } satisfies Result;
        }
        // The server refused this key (sent before with other values): the next try is a new request.
        if (res?.serverError?.field === KEY_FIELD) key.current = newKey();
        if (!res?.serverError && !res?.validationErrors) {
          key.current = newKey();
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
  // The first failing input is brought into view (and focused when it is a control), so a failure
  // far down a long form, or in a nested field, is never silent.
  useEffect(() => {
    if (!r.validationErrors && !r.serverError) return;
    const frame = requestAnimationFrame(() => scrollToFirstError(lastForm.current));
    return () => cancelAnimationFrame(frame);
  }, [r.validationErrors, r.serverError]);
  const fieldErrors = r.validationErrors?.fieldErrors ?? {};
  return {
    pending: isPending,
    /** No answer came back: show that the request may have been saved, and that resending is safe. */
    unreachable: Boolean(r.unreachable),
    onSubmit(event: FormEvent<HTMLFormElement>) {
      event.preventDefault();
      lastForm.current = event.currentTarget;
      execute({
        ...Object.fromEntries(new FormData(event.currentTarget)),
        ...options.extra,
        [KEY_FIELD]: key.current,
      });
    },
    /** The first message of any path under `prefix` (e.g. "variables.2.source.options"), with its path. */
    errorUnder(prefix: string): { path: string; message: string } | undefined {
      for (const [path, messages] of Object.entries(fieldErrors))
        if (messages?.[0] && (path === prefix || path.startsWith(`${prefix}.`))) return { path, message: messages[0] };
      return undefined;
    },
    /** Every failing input, one line each, for a summary (<ErrorSummary>): top-level fields, nested ones named. */
    errors: [
      ...(r.validationErrors?.formErrors ?? []),
      ...Object.entries(fieldErrors)
        .filter(([path]) => !path.includes("."))
        .flatMap(([path, messages]) => {
          // A field with nested failures has them named already ("Option 3 of Hosts: …").
          const nested = Object.keys(fieldErrors).some((p) => p.startsWith(`${path}.`));
          const label = nested ? undefined : options.labels?.[path];
          return (messages ?? []).map((m) => (label ? `${label}: ${m}` : m));
        }),
    ],
    fieldError(name: string): string | undefined {
      return (
        r.validationErrors?.fieldErrors?.[name]?.[0] ??
        (r.serverError?.field === name ? r.serverError.message : undefined)
      );
    },
    formError:
      (r.unreachable ? UNREACHABLE : undefined) ??
      r.validationErrors?.formErrors?.[0] ??
      (r.serverError && (!r.serverError.field || r.serverError.field === KEY_FIELD)
        ? r.serverError.message
        : undefined),
  };
}

/** Scrolls the form's first invalid control into view and focuses it; else its first message. */
export function scrollToFirstError(form: HTMLFormElement | null) {
  if (!form) return;
  const target =
    form.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form.querySelector<HTMLElement>('[role="alert"]');
  if (!target) return;
  target.scrollIntoView({ block: "center", behavior: "smooth" });
  if (target.matches("input, select, textarea, button")) target.focus({ preventScroll: true });
}
