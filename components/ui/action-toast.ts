import { toast } from "sonner";

/**
 * Toasts for actions run from a button, a menu or a dialog (forms use useActionForm, which shows
 * messages next to their fields instead). One wording for a refused request across the app.
 */

/** What a next-safe-action call resolves to, as far as these helpers read it. */
export type ActionOutcome =
  | { serverError?: { message?: string } | unknown; validationErrors?: unknown }
  | null
  | undefined;

export const INVALID_REQUEST = "That request was not valid. Reload the page and try again.";

/** The message a failed action should show; null when it succeeded. */
export function failureOf(result: ActionOutcome, fallback = INVALID_REQUEST): string | null {
  if (!result?.serverError && !result?.validationErrors) return null;
  const message = (result.serverError as { message?: string } | undefined)?.message;
  return message ?? fallback;
}

/** Toasts a failed action's message; true when it failed (`if (toastFailure(result)) return;`). */
export function toastFailure(result: ActionOutcome, fallback?: string): boolean {
  const message = failureOf(result, fallback);
  if (message === null) return false;
  toast.error(message);
  return true;
}

/** Toasts the outcome either way; true on success. */
export function toastOutcome(result: ActionOutcome, success: string, fallback?: string): boolean {
  if (toastFailure(result, fallback)) return false;
  toast.success(success);
  return true;
}

/** Awaits an action and toasts its outcome; resolves true on success (for ConfirmDialog's onConfirm). */
export async function runAction(promise: Promise<ActionOutcome>, success: string): Promise<boolean> {
  return toastOutcome(await promise, success);
}
